package io.ferry.statsd.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The queue between the listeners and the parse workers, bounded by the bytes it holds (a batch's
 * bytes count from {@link #offer}/{@link #put} until the worker that took it calls
 * {@link #done}), so that a burst of small packets and one of 64 KiB datagrams cost the same memory.
 *
 * <pre>{@code
 * BatchQueue q = new BatchQueue(64 << 20);
 * if (!q.offer(batch)) drops.inc(batch.count());   // UDP: never wait, count what is lost
 * q.put(batch);                                    // TCP: wait, the sender waits behind TCP
 * PacketBatch b = q.take(); ...parse...; q.done(b); // a worker
 * }</pre>
 *
 * <p>Thread-safe: any number of producers and consumers. A batch larger than the whole budget is
 * accepted alone into an empty queue's worth of permits (it takes them all), so nothing is too big
 * to ever pass.
 */
public final class BatchQueue {
    private final int maxBytes;
    private final Semaphore budget;
    private final LinkedBlockingQueue<PacketBatch> batches = new LinkedBlockingQueue<>();

    public BatchQueue(long maxBytes) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxBytes));
        this.budget = new Semaphore(this.maxBytes);
    }

    /** Queues {@code b} if its bytes fit now; false, and nothing queued, when they do not. */
    public boolean offer(PacketBatch b) {
        if (!budget.tryAcquire(cost(b))) {
            return false;
        }
        batches.add(b);
        return true;
    }

    /** Queues {@code b}, waiting for room. */
    public void put(PacketBatch b) throws InterruptedException {
        budget.acquire(cost(b));
        batches.add(b);
    }

    /** The next batch, waiting at most {@code timeoutMillis}; null when none came. */
    public PacketBatch poll(long timeoutMillis) throws InterruptedException {
        return batches.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Gives back {@code b}'s bytes, once it has been parsed. */
    public void done(PacketBatch b) {
        budget.release(cost(b));
    }

    /** The bytes queued or being parsed now. */
    public long bytes() {
        return maxBytes - budget.availablePermits();
    }

    /** Whether no batch waits to be taken. */
    public boolean isEmpty() {
        return batches.isEmpty();
    }

    private int cost(PacketBatch b) {
        // Every batch costs at least one permit, so the count of waiting batches is bounded too.
        return Math.max(1, Math.min(maxBytes, b.bytes()));
    }
}
