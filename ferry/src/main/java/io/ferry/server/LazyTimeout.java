package io.ferry.server;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A connection's one pending timeout, kept as a deadline and a reason rather than as a task scheduled
 * and cancelled at every exchange: {@link #arm} and {@link #disarm} only write fields, and a check is
 * scheduled only when none is due by the new deadline. A check that finds the deadline moved later
 * schedules itself again for it, as Netty's {@code IdleStateHandler} does. On a keep-alive
 * connection a check runs about once per timeout, whatever the number of requests.
 *
 * <p>Not thread-safe: confined to the connection's event loop, which runs the checks.
 */
final class LazyTimeout {
    /** Runs {@code check} after {@code delayNanos} on the connection's event loop. */
    @FunctionalInterface
    interface Scheduler {
        Future<?> schedule(Runnable check, long delayNanos);
    }

    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final Consumer<String> expired;
    private String reason; // null: nothing armed
    private long deadline;
    /** When the check pending runs, if {@code pending} is not null; there is never more than one. */
    private long nextCheck;
    private Future<?> pending;

    /**
     * @param expired told the reason an armed timeout expired with; the timeout is disarmed first
     */
    LazyTimeout(Scheduler scheduler, LongSupplier nanoTime, Consumer<String> expired) {
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.expired = expired;
    }

    /** Times out with {@code reason} after {@code timeout} from now, unless disarmed or armed again before. */
    void arm(String reason, Duration timeout) {
        this.reason = reason;
        deadline = nanoTime.getAsLong() + timeout.toNanos();
        if (pending == null || deadline - nextCheck < 0) {
            scheduleAt(deadline);
        }
    }

    /** Nothing times out until armed again. */
    void disarm() {
        reason = null;
    }

    /** The reason armed, or null. */
    String armed() {
        return reason;
    }

    /** Disarms, and cancels the check pending: the connection closed, and nothing should hold it. */
    void cancel() {
        reason = null;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void scheduleAt(long at) {
        if (pending != null) {
            pending.cancel(false); // due later than the new deadline
        }
        nextCheck = at;
        pending = scheduler.schedule(this::check, Math.max(0, at - nanoTime.getAsLong()));
    }

    private void check() {
        pending = null;
        if (reason == null) {
            return;
        }
        if (nanoTime.getAsLong() - deadline >= 0) {
            String r = reason;
            reason = null;
            expired.accept(r);
        } else {
            scheduleAt(deadline);
        }
    }
}
