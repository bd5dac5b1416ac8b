package io.ferry.statsd.internal;

import io.ferry.log.Log;
import io.ferry.log.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The parse workers: {@code n} platform threads taking batches off a {@link BatchQueue} and handing
 * each to {@code handler} (parse, map, store). There is no ordering between batches of different
 * workers; the series store is safe under concurrent updates.
 *
 * <pre>{@code
 * WorkerPool pool = WorkerPool.start(queue, 2, batch -> parse(batch));
 * pool.close();   // after the listeners stopped: drains what is queued, then stops
 * }</pre>
 *
 * <p>A handler that throws is logged and its batch counted as done; the worker goes on.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = Log.logger();
    private static final long POLL_MILLIS = 200;
    private static final long DRAIN_MILLIS = 5000;

    private final BatchQueue queue;
    private final Consumer<PacketBatch> handler;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private WorkerPool(BatchQueue queue, Consumer<PacketBatch> handler) {
        this.queue = queue;
        this.handler = handler;
    }

    public static WorkerPool start(BatchQueue queue, int n, Consumer<PacketBatch> handler) {
        WorkerPool pool = new WorkerPool(queue, handler);
        for (int i = 0; i < n; i++) {
            pool.threads.add(Thread.ofPlatform().name("ferry-statsd-worker-" + i).daemon(true).start(pool::run));
        }
        return pool;
    }

    private void run() {
        try {
            while (!stopping || !queue.isEmpty()) {
                PacketBatch b = queue.poll(POLL_MILLIS);
                if (b == null) {
                    continue;
                }
                try {
                    handler.accept(b);
                } catch (RuntimeException e) {
                    LOG.error("statsd batch failed", "err", e);
                } finally {
                    queue.done(b);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the workers finish what is queued (for a few seconds at most), then stops them. */
    @Override
    public void close() {
        stopping = true;
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        for (Thread t : threads) {
            try {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                t.join(left);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
