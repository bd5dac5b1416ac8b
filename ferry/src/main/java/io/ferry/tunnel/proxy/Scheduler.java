package io.ferry.tunnel.proxy;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay; how {@link TunnelProxy} bounds every wait without a thread per wait.
 * Tests pass one they advance by hand.
 *
 * <pre>{@code
 * Scheduler s = Scheduler.of(Executors.newSingleThreadScheduledExecutor());
 * Runnable cancel = s.after(Duration.ofSeconds(10), () -> timeOut(id));
 * cancel.run();
 * }</pre>
 *
 * <p>Contract: thread-safe; tasks run on another thread than the caller's, never inside
 * {@code after}; a task must be short and must not block. The returned cancel is idempotent and
 * may be called after the task ran. {@link #close} stops it; {@link TunnelProxy#close} calls it.
 */
public interface Scheduler extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}; returns what cancels it. */
    Runnable after(Duration delay, Runnable task);

    /** Drops the tasks still waiting and releases the thread, if this scheduler owns one. */
    @Override
    default void close() {
    }

    /** Tasks on this executor, which {@link #close} shuts down. */
    static Scheduler of(ScheduledExecutorService executor) {
        return new Scheduler() {
            @Override
            public Runnable after(Duration delay, Runnable task) {
                try {
                    ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                    return () -> f.cancel(false);
                } catch (RejectedExecutionException shutDown) {
                    return () -> { };
                }
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
