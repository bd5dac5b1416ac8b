package io.ferry.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it, for code that takes a {@link Clock}.
 *
 * <pre>{@code
 * SettableClock clock = new SettableClock(Instant.ofEpochSecond(1_700_000_000));
 * GroupExpiry expiry = new GroupExpiry(push, store::groups, () -> rules, clock, onExpiry);
 * clock.advance(Duration.ofHours(2));
 * expiry.sweep();
 * }</pre>
 *
 * <p>Thread-safe: the code under test may read it from its own threads while the test moves it.
 * A clock from {@link #withZone} shares the time with this one.
 */
public final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock in UTC showing {@code start}. */
    public SettableClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Shows {@code instant} from now on; it may be before the time shown so far. */
    public void set(Instant instant) {
        now.set(instant);
    }

    /** Moves the time on by {@code d}. */
    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SettableClock(now, zone);
    }
}
