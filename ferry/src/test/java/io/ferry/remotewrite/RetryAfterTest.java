package io.ferry.remotewrite;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void secondsAndHttpDates() {
        assertThat(RetryAfter.parse("7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Sat, 21 Nov 2026 10:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void absentUnparsableOrPastMeansNoAdvice() {
        assertThat(RetryAfter.parse(null, NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("-5", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("1.5", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Sat, 21 Nov 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void hugeValuesAreCappedNotOverflowed() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEqualTo(Duration.ofDays(365));
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).isEqualTo(Duration.ofDays(365));
    }
}
