package io.ferry.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's time.ParseDuration and Duration.String, as the Pushgateway's duration flags use them. */
class GoDurationTest {

    @Test
    void parsesGoSyntax() {
        assertThat(GoDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse(".5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("2us")).isEqualTo(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("2\u00b5s")).isEqualTo(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("+0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("1h0m0s")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesWhatGoRefuses() {
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessageContaining("invalid duration \"\"");
        assertThatThrownBy(() -> GoDuration.parse("5")).hasMessageContaining("missing unit in duration \"5\"");
        assertThatThrownBy(() -> GoDuration.parse("5d")).hasMessageContaining("unknown unit \"d\"");
        assertThatThrownBy(() -> GoDuration.parse(".s")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> GoDuration.parse("1.2.3s")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> GoDuration.parse("-")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> GoDuration.parse("3000000h")).hasMessageContaining("out of range");
    }

    @Test
    void formatsAsGoDurationString() {
        assertThat(GoDuration.format(Duration.ofMinutes(5))).isEqualTo("5m0s");
        assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(Duration.ofMinutes(90).plusMillis(1500))).isEqualTo("1h30m1.5s");
        assertThat(GoDuration.format(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(GoDuration.format(Duration.ofNanos(1500))).isEqualTo("1.5\u00b5s");
        assertThat(GoDuration.format(Duration.ofNanos(7))).isEqualTo("7ns");
        assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoDuration.format(Duration.ofSeconds(-61))).isEqualTo("-1m1s");
        assertThat(GoDuration.format(Duration.ofNanos(Long.MIN_VALUE))).isEqualTo("-2562047h47m16.854775808s");
    }
}
