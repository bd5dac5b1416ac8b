package io.ferry.log;

import java.time.Duration;

/**
 * At most one log line per interval for a kind of event that can repeat many times a second (a
 * receiver that rejects or fails every request), and how many were not logged since the last line.
 *
 * <pre>{@code
 * long skipped = throttle.admit();   // -1: not now
 * if (skipped >= 0) LOG.warn("...", "not_logged_since_last_line", skipped);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private long lastNanos;
    private boolean logged;
    private long skipped;

    public LogThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** -1 when a line was logged less than the interval ago; otherwise the events not logged since. */
    public synchronized long admit() {
        long now = System.nanoTime();
        if (logged && now - lastNanos < intervalNanos) {
            skipped++;
            return -1;
        }
        long notLogged = skipped;
        logged = true;
        lastNanos = now;
        skipped = 0;
        return notLogged;
    }
}
