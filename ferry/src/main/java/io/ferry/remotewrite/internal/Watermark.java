package io.ferry.remotewrite.internal;

import io.ferry.remotewrite.queue.QueuePosition;

import java.util.ArrayDeque;

/**
 * Which prefix of the queue is delivered, when records are sent by several shards out of queue
 * order: records are {@link #add added} in queue order as they are handed to shards, {@link #done}
 * in any order as each is sent or dropped, and {@link #delivered()} is the end of the longest prefix
 * that is all done — the position the queue may be acknowledged up to. So a restart resends at
 * most the records that were in flight (and those done after the first of them).
 *
 * <p>Thread-safe: one thread adds, any thread marks done.
 */
public final class Watermark {
    /** One record handed to a shard. */
    public static final class Entry {
        final QueuePosition end;
        final int samples;
        boolean done;

        Entry(QueuePosition end, int samples) {
            this.end = end;
            this.samples = samples;
        }

        public int samples() {
            return samples;
        }
    }

    private final ArrayDeque<Entry> inFlight = new ArrayDeque<>();
    private QueuePosition delivered;
    private long inFlightSamples;

    /** Starts with everything before {@code acknowledged} delivered. */
    public Watermark(QueuePosition acknowledged) {
        this.delivered = acknowledged;
    }

    /** The next record in queue order, which ends at {@code end}. */
    public synchronized Entry add(QueuePosition end, int samples) {
        Entry e = new Entry(end, samples);
        inFlight.addLast(e);
        inFlightSamples += samples;
        return e;
    }

    /** Marks {@code e} sent or dropped. */
    public synchronized void done(Entry e) {
        if (e.done) {
            return;
        }
        e.done = true;
        inFlightSamples -= e.samples;
        while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
            delivered = inFlight.pollFirst().end;
        }
        notifyAll();
    }

    /** The end of the longest done prefix. */
    public synchronized QueuePosition delivered() {
        return delivered;
    }

    /** Samples added and not yet done. */
    public synchronized long inFlightSamples() {
        return inFlightSamples;
    }

    /** Waits until nothing is in flight; false when {@code millis} pass first. */
    public synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!inFlight.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
