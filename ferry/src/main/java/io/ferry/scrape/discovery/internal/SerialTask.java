package io.ferry.scrape.discovery.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@code body} on a shared executor, never twice at once, and coalesces requests: triggers that
 * arrive while it is queued are one run, and a trigger during a run causes exactly one more run
 * after it. So a burst of file events costs one re-read, and a discoverer's refreshes never overlap
 * even on a pool of several threads. Thread-safe.
 */
public final class SerialTask {
    private final Executor executor;
    private final Runnable body;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    public SerialTask(Executor executor, Runnable body) {
        this.executor = executor;
        this.body = body;
    }

    /** Asks for a run; returns at once. Ignored once the executor is shut down. */
    public void trigger() {
        wanted.set(true);
        submitIfIdle();
    }

    private void submitIfIdle() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                queued.set(false); // shutting down: nothing more to do
            }
        }
    }

    private void run() {
        try {
            while (wanted.getAndSet(false)) {
                body.run();
            }
        } finally {
            queued.set(false);
            // A trigger between the last check and the reset above found the task still queued.
            if (wanted.get()) {
                submitIfIdle();
            }
        }
    }
}
