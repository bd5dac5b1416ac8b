package io.ferry.statsd.series.internal;

import java.util.HashSet;

/**
 * The mutable state of one StatsD set series: the distinct members seen in the current interval and
 * how many there were in the last complete one, which is what the series reports. Intervals are
 * aligned to multiples of {@code intervalMillis} of the store's clock. Beyond {@code maxMembers} a
 * set saturates: further new members are not kept and {@link #observe} reports the overflow.
 *
 * <pre>{@code
 * SetState s = new SetState();
 * s.observe("user-1", now, 10_000, 100_000);
 * s.value(now + 10_000, 10_000); // 1: the interval that held user-1 is now complete
 * }</pre>
 *
 * <p>Not thread-safe: the lock of the table holding it guards it.
 */
public final class SetState {
    private HashSet<String> members = new HashSet<>();
    private long interval = Long.MIN_VALUE;
    private int lastComplete;

    /** Adds a member; returns false when the set is saturated and the member was new. */
    public boolean observe(String member, long now, long intervalMillis, int maxMembers) {
        roll(now, intervalMillis);
        if (members.size() >= maxMembers && !members.contains(member)) {
            return false;
        }
        members.add(member);
        return true;
    }

    /** The number of distinct members of the last complete interval at {@code now}. */
    public int value(long now, long intervalMillis) {
        long current = Math.floorDiv(now, intervalMillis);
        if (current == interval) {
            return lastComplete;
        }
        return current == interval + 1 ? members.size() : 0;
    }

    private void roll(long now, long intervalMillis) {
        long current = Math.floorDiv(now, intervalMillis);
        if (current == interval) {
            return;
        }
        lastComplete = current == interval + 1 ? members.size() : 0;
        if (!members.isEmpty()) {
            members = new HashSet<>();
        }
        interval = current;
    }
}
