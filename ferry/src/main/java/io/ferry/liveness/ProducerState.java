package io.ferry.liveness;

import java.util.OptionalDouble;

/**
 * What the registry keeps of one producer: its last event and outcome, the sends its interval is
 * learned from, a ring of recent sends for the history strip, and the start of its current run of
 * closely spaced events (for {@code push_like_a_service}).
 *
 * <p>Thread-safe: {@link #lastNotedMillis} is read without the lock (the hot path's check), every
 * other field is read and written under it. About 400 bytes with its {@link LearnedCadence}.
 */
final class ProducerState {
    /** Far in the past, yet no overflow in {@code now - NEVER}. */
    static final long NEVER = Long.MIN_VALUE / 2;
    /** Sends kept for the history strip: {@link ProducerRegistry#HISTORY} and a little to spare. */
    static final int RING = ProducerRegistry.HISTORY + 2;

    /** The producer's state at one instant, for judging; {@code sends} oldest first. */
    record Snapshot(long lastNotedMillis, long lastOkMillis, boolean lastFailed, String lastError,
                    OptionalDouble learnedSeconds, long[] sends, long runStartMillis) {
        /** Whether the send at {@code i} failed. */
        boolean failed(int i) {
            return (sends[i] & 1) != 0;
        }

        /** The time of the send at {@code i}. */
        long time(int i) {
            return sends[i] >> 1;
        }
    }

    private final LearnedCadence cadence = new LearnedCadence();
    volatile long lastNotedMillis = NEVER;
    /** The producer's interval as last judged (ms, 0 = unknown): sends closer than half of it share a ring slot. */
    volatile long intervalHintMillis;
    /** Whether its route said it exists ({@link ProducerRegistry#announce}), so that it is judged before its first event. */
    volatile boolean announced;
    private long lastOkMillis = NEVER;
    private boolean lastFailed;
    private String lastError = "";
    private long sendStartMillis = NEVER;
    private long runStartMillis = NEVER;
    /** Send times shifted left by one, the low bit set for a failed outcome; a ring. */
    private final long[] ring = new long[RING];
    private int ringSize;
    private int ringNext;

    /**
     * An event now, from a producer that sends in bursts: noted when {@link ProducerRegistry#RESOLUTION_MILLIS}
     * or more after the last noted one; a send starts after a pause of {@link ProducerRegistry#PAUSE_MILLIS},
     * or {@link ProducerRegistry#LONGEST_MILLIS} after the last send started.
     */
    synchronized void seen(long now) {
        long last = lastNotedMillis;
        if (now - last < ProducerRegistry.RESOLUTION_MILLIS) {
            return;  // another thread noted it, or this clock read is older than the one noted
        }
        if (now - last > ProducerRegistry.PAUSE_MILLIS || now - sendStartMillis >= ProducerRegistry.LONGEST_MILLIS) {
            send(now, true);
        }
        note(now, true, "");
    }

    /**
     * An outcome at {@code time}, each one a send of its own; older than the last noted changes
     * nothing. One at the same millisecond as the last noted replaces that one's outcome (a push
     * refused right after one that succeeded), as the latest word on it, without a send of its own;
     * the same failure again only adds its error text when the first report had none (the store's
     * view of a refused push may be reported before the route's, which says why).
     */
    synchronized boolean report(long time, boolean ok, String error) {
        if (time < lastNotedMillis) {
            return false;
        }
        if (time == lastNotedMillis) {
            if (lastFailed == !ok) {
                if (ok || !lastError.isEmpty() || error.isEmpty()) {
                    return false;
                }
                lastError = error;
                return true;
            }
            if (ringSize > 0) {
                int latest = (ringNext + RING - 1) % RING;
                ring[latest] = (ring[latest] & ~1L) | (ok ? 0 : 1);
            }
            if (ok) {
                lastOkMillis = time;
            }
            lastFailed = !ok;
            lastError = ok ? "" : error;
            return true;
        }
        send(time, ok);
        note(time, ok, error);
        return true;
    }

    private void note(long time, boolean ok, String error) {
        long last = lastNotedMillis;
        if (last == NEVER || time - last >= ProducerRegistry.SERVICE_INTERVAL_SECONDS * 1000) {
            runStartMillis = NEVER;
        } else if (runStartMillis == NEVER) {
            runStartMillis = last;
        }
        if (ok) {
            lastOkMillis = time;
            lastError = "";
        } else {
            lastError = error;
        }
        lastFailed = !ok;
        lastNotedMillis = time;
    }

    private void send(long time, boolean ok) {
        if (ok) {
            sendStartMillis = time;
            cadence.observe(time / 1000.0);
        }
        long entry = time << 1 | (ok ? 0 : 1);
        long hint = intervalHintMillis;
        if (ringSize > 0 && hint > 0) {
            int latest = (ringNext + RING - 1) % RING;
            if (time - (ring[latest] >> 1) < hint / 2) {
                ring[latest] = (ring[latest] & ~1L) | (ok ? 0 : 1);  // the slot's latest outcome counts
                return;
            }
        }
        ring[ringNext] = entry;
        ringNext = (ringNext + 1) % RING;
        ringSize = Math.min(ringSize + 1, RING);
    }

    synchronized Snapshot snapshot() {
        return snapshot(true);
    }

    /** @param withSends whether the snapshot holds the sends (for the history strip) or none */
    synchronized Snapshot snapshot(boolean withSends) {
        long[] sends = new long[withSends ? ringSize : 0];
        int first = (ringNext + RING - ringSize) % RING;
        for (int i = 0; i < sends.length; i++) {
            sends[i] = ring[(first + i) % RING];
        }
        return new Snapshot(lastNotedMillis, lastOkMillis, lastFailed, lastError, cadence.intervalSeconds(), sends,
                runStartMillis);
    }
}
