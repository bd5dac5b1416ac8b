package io.ferry.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code Retry-After} header of a 429 or 503 (RFC 9110 §10.2.3): a whole number of seconds, or
 * an HTTP date, read as Prometheus' remote write sender reads it. Stateless.
 */
public final class RetryAfter {
    /** Far beyond any sane advice, and small enough that Duration arithmetic cannot overflow. */
    static final Duration MAX = Duration.ofDays(365);

    private RetryAfter() {
    }

    /**
     * The wait the header asks for, measured from {@code now}, at most a year; empty when the header
     * is absent or unreadable (the caller's own backoff applies then). A date in the past means no wait.
     */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long seconds = v.length() > 12 ? MAX.getSeconds() : Math.min(Long.parseLong(v), MAX.getSeconds());
            return Optional.of(Duration.ofSeconds(seconds));
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d.compareTo(MAX) > 0 ? MAX : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
