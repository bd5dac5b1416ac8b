package io.ferry.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prometheus' duration syntax; the accepted and refused cases were checked against promtool 2.42. */
class PromDurationTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "0s, 0",
            "0h, 0",
            "1ms, 1",
            "15s, 15000",
            "1h30m, 5400000",
            "1h0m, 3600000",
            "1d, 86400000",
            "2w, 1209600000",
            "1y, 31536000000",
            "1y2w3d4h5m6s7ms, 33019506007",
    })
    void readsPrometheusDurations(String text, long millis) {
        assertThat(PromDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "90", "1.5s", "30m1h", "1d1d", "5M", "-1s", "+1s", "1 s", "s", "1h 30m", "1us", "1ns", "ms"})
    void refusesWhatPrometheusRefuses(String text) {
        assertThatThrownBy(() -> PromDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }

    @Test
    void refusesDurationsBeyondGoNanoseconds() {
        assertThatThrownBy(() -> PromDuration.parse("300y")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PromDuration.parse("99999999999999999999s")).hasMessageContaining("out of range");
        assertThat(PromDuration.parse("292y")).isEqualTo(Duration.ofDays(292 * 365));
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "1000, 1s", "5400000, 1h30m", "1209600000, 2w", "777600000, 9d", "31536000000, 1y",
            "1500, 1s500ms"})
    void formatsAsPrometheusDoes(long millis, String text) {
        assertThat(PromDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(PromDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void secondsAreWrittenAsGoFormatsFloats() {
        assertThat(PromDuration.seconds(Duration.ofMillis(1500))).isEqualTo("1.5");
        assertThat(PromDuration.seconds(Duration.ofMinutes(1))).isEqualTo("60");
        assertThat(PromDuration.seconds(Duration.ofMillis(1))).isEqualTo("0.001");
    }
}
