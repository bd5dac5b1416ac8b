package io.ferry.otlp.internal;

import io.ferry.model.Labels;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ordering state of delta streams: for each series fed by delta points, the start and time of
 * the last point added. The accumulated values are in the store; this state only decides whether
 * a point may be added (docs/otlp.md, "Delta to cumulative"):
 * <ul>
 *   <li>a stream not seen before (a new series, or after a restart): added;</li>
 *   <li>a point whose time is not after the last one's, or whose interval starts before the last
 *       one's time (it overlaps what was added): rejected as out of order;</li>
 *   <li>otherwise (its start is the last time: aligned; or after it: a gap, as after the
 *       producer restarted; or unset): added.</li>
 * </ul>
 * Streams not fed for {@link #IDLE_MILLIS} are forgotten (their next point is then added as a new
 * stream's), and at most {@code maxStreams} are tracked, so the state stays bounded.
 *
 * <pre>{@code
 * DeltaStreams.Batch b = streams.batch(groupKey);
 * if (b.admit(family, labels, start, time)) { ...add... }
 * // once the write is durable:
 * b.commit(nowMillis);
 * }</pre>
 *
 * <p>Thread-safe across groups; the batches of one group must not overlap in time (the
 * {@link GroupQueue} serialises them).
 */
public final class DeltaStreams {
    /** How long a stream is remembered without a point. */
    public static final long IDLE_MILLIS = 60 * 60 * 1000L;

    private record Key(Labels group, String family, Labels series) {
    }

    private static final class Last {
        final long start;
        final long time;
        final long seenMillis;

        Last(long start, long time, long seenMillis) {
            this.start = start;
            this.time = time;
            this.seenMillis = seenMillis;
        }
    }

    private final ConcurrentHashMap<Key, Last> streams = new ConcurrentHashMap<>();
    private final int maxStreams;
    private volatile long lastSweepMillis;

    public DeltaStreams(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    /** The points of one export for the group {@code group}, judged against what was committed. */
    public Batch batch(Labels group) {
        return new Batch(group);
    }

    /** Streams tracked now. */
    public int size() {
        return streams.size();
    }

    /** The points one export adds to one group's streams; committed once its write is durable. */
    public final class Batch {
        private final Labels group;
        private final Map<Key, long[]> pending = new HashMap<>();

        private Batch(Labels group) {
            this.group = group;
        }

        /** Whether the point may be added; if so, it is the stream's last point once committed. */
        public boolean admit(String family, Labels series, long startNanos, long timeNanos) {
            Key key = new Key(group, family, series);
            long[] mine = pending.get(key);
            long lastTime;
            if (mine != null) {
                lastTime = mine[1];
            } else {
                Last last = streams.get(key);
                if (last == null) {
                    pending.put(key, new long[] {startNanos, timeNanos});
                    return true;
                }
                lastTime = last.time;
            }
            if (timeNanos <= lastTime || startNanos != 0 && startNanos < lastTime) {
                return false;
            }
            pending.put(key, new long[] {startNanos, timeNanos});
            return true;
        }

        /** Records the admitted points as their streams' last ones; call once the write is durable. */
        public void commit(long nowMillis) {
            for (Map.Entry<Key, long[]> e : pending.entrySet()) {
                if (streams.size() < maxStreams || streams.containsKey(e.getKey())) {
                    streams.put(e.getKey(), new Last(e.getValue()[0], e.getValue()[1], nowMillis));
                }
            }
            sweep(nowMillis);
        }
    }

    /** Forgets idle streams, at most once a minute. */
    private void sweep(long nowMillis) {
        if (nowMillis - lastSweepMillis < 60_000) {
            return;
        }
        lastSweepMillis = nowMillis;
        for (Iterator<Last> it = streams.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next().seenMillis > IDLE_MILLIS) {
                it.remove();
            }
        }
    }
}
