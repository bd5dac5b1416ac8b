package io.ferry.remotewrite;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} header as Prometheus' sender does: an HTTP-date (the wait is
 * the time until then) or a whole number of seconds; anything else, a missing header or a date in
 * the past means no advice ({@link Duration#ZERO}), and the sender's own backoff applies.
 */
final class RetryAfter {
    /** Far beyond any sane advice, and small enough that Duration arithmetic cannot overflow. */
    private static final long MAX_SECONDS = 365L * 24 * 3600;

    private RetryAfter() {
    }

    static Duration parse(String header, Instant now) {
        if (header == null) {
            return Duration.ZERO;
        }
        String h = header.trim();
        if (!h.isEmpty() && h.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (h.length() > 12) {
                return Duration.ofSeconds(MAX_SECONDS);
            }
            return Duration.ofSeconds(Math.min(Long.parseLong(h), MAX_SECONDS));
        }
        try {
            Instant until = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, until);
            if (d.isNegative()) {
                return Duration.ZERO;
            }
            return d.getSeconds() > MAX_SECONDS ? Duration.ofSeconds(MAX_SECONDS) : d;
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }
}
