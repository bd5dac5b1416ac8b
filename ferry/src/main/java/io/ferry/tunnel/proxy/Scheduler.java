package io.ferry.tunnel.proxy;

import java.time.Duration;
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
 * may be called after the task ran.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; returns what cancels it. */
    Runnable after(Duration delay, Runnable task);

    /** Tasks on this executor. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
