package io.ferry.push;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's RFC3339Nano, from Ferry's double seconds and from instants. */
class GoTimeTest {

    @Test
    void fractionWithoutTrailingZerosAndZForUtc() {
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-11-21T10:50:02.706308590Z"), ZoneOffset.UTC))
                .isEqualTo("2026-11-21T10:50:02.70630859Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-11-21T10:50:02Z"), ZoneOffset.UTC))
                .isEqualTo("2026-11-21T10:50:02Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-11-21T10:50:02Z"), ZoneOffset.of("-03:30")))
                .isEqualTo("2026-11-21T07:20:02-03:30");
    }

    @Test
    void secondsAreRoundedToTheMicrosecond() {
        assertThat(GoTime.rfc3339Nano(1583781848.025744841, ZoneOffset.of("+05:30")))
                .isEqualTo("2020-03-10T00:54:08.025745+05:30");
        // A push time taken from milliseconds keeps exactly its milliseconds.
        assertThat(GoTime.rfc3339Nano(1_700_000_000_025L / 1000.0, ZoneOffset.UTC))
                .isEqualTo("2023-11-14T22:13:20.025Z");
        assertThat(GoTime.rfc3339Nano(0, ZoneOffset.UTC)).isEqualTo("1970-01-01T00:00:00Z");
    }
}
