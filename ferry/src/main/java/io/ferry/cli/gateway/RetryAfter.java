package io.ferry.cli.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code Retry-After} header of a 429 or 503 (RFC 9110 §10.2.3): delay seconds, or an HTTP
 * date. Stateless.
 */
final class RetryAfter {
    /** Far beyond any retry budget; keeps arithmetic on absurd values from overflowing. */
    private static final long MAX_SECONDS = 86_400;

    private RetryAfter() {
    }

    /**
     * The wait the header asks for, measured from {@code now}; empty when the header is absent or
     * unreadable (the caller's own backoff applies then). A date in the past means no wait.
     */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long seconds = v.length() > 6 ? MAX_SECONDS : Math.min(Long.parseLong(v), MAX_SECONDS);
            return Optional.of(Duration.ofSeconds(seconds));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0
                    ? Duration.ofSeconds(MAX_SECONDS) : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
