package io.ferry.liveness;

import java.util.ArrayList;
import java.util.List;

/**
 * The history strip of one producer ({@link ProducerView#history()}), from its recent sends: one
 * slot per interval, oldest first, at most {@link ProducerRegistry#HISTORY}.
 *
 * <p>After each send, the next is expected within the interval: a send that came within it is
 * {@link Slot#ON_TIME}, one that came within grace after it {@link Slot#LATE}, and a longer gap is
 * one {@link Slot#MISSING} for each interval it spans beyond the first, then the send. A send whose
 * outcome failed is {@link Slot#FAILED}. After the last send, each whole interval past
 * {@code every + grace} is missing. Without an interval, each send is one slot. The strip starts
 * at the oldest send kept; sends closer than half an interval to the one before share its slot.
 *
 * <pre>{@code
 * HistoryStrip.of(snapshot, 60_000, 5_000, now);   // [ON_TIME, LATE, MISSING, ON_TIME]
 * }</pre>
 */
final class HistoryStrip {
    private HistoryStrip() {
    }

    /** @param everyMillis the interval, 0 when unknown */
    static List<Slot> of(ProducerState.Snapshot s, long everyMillis, long graceMillis, long now) {
        List<Slot> out = new ArrayList<>();
        int n = s.sends().length;
        for (int i = 0; i < n; i++) {
            long t = s.time(i);
            Slot outcome = s.failed(i) ? Slot.FAILED : Slot.ON_TIME;
            if (i == 0 || everyMillis <= 0) {
                out.add(outcome);
                continue;
            }
            long gap = t - s.time(i - 1);
            if (gap <= everyMillis) {
                out.add(outcome);
            } else if (gap <= everyMillis + graceMillis) {
                out.add(s.failed(i) ? Slot.FAILED : Slot.LATE);
            } else {
                addMissing(out, (gap + everyMillis - 1) / everyMillis - 1);
                out.add(outcome);
            }
        }
        if (n > 0 && everyMillis > 0) {
            long gap = now - s.time(n - 1);
            if (gap > everyMillis + graceMillis) {
                addMissing(out, gap / everyMillis);
            }
        }
        return out.size() <= ProducerRegistry.HISTORY ? out
                : List.copyOf(out.subList(out.size() - ProducerRegistry.HISTORY, out.size()));
    }

    private static void addMissing(List<Slot> out, long count) {
        // More than a strip's worth is a strip of missing: the rest would be cut anyway.
        for (long i = 0; i < Math.min(count, ProducerRegistry.HISTORY); i++) {
            out.add(Slot.MISSING);
        }
    }
}
