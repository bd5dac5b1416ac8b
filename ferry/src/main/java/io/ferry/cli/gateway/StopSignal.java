package io.ferry.cli.gateway;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells a {@link GatewayClient#send} in progress to make no new attempt: a wait between attempts
 * ends at once, and an attempt already sent runs to its answer or timeout (so its outcome is known,
 * which matters when a DELETE must follow it). Thread-safe; once stopped, stays stopped.
 */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Waits {@code d} unless stopped first; true when the whole wait passed. */
    boolean sleep(Duration d) throws InterruptedException {
        return !stopped.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }
}
