package io.ferry.exposition;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GoFloatTest {
    @Test
    void formatsAsGoPrintsAFloat64() {
        assertThat(GoFloat.format(1583781848.025745)).isEqualTo("1.583781848025745e+09");
        assertThat(GoFloat.format(250000)).isEqualTo("250000");
        assertThat(GoFloat.format(1e6)).isEqualTo("1e+06");
        assertThat(GoFloat.format(0.0001)).isEqualTo("0.0001");
        assertThat(GoFloat.format(0.00001)).isEqualTo("1e-05");
        assertThat(GoFloat.format(Double.NaN)).isEqualTo("NaN");
        assertThat(GoFloat.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(GoFloat.format(0.0)).isEqualTo("0");
        assertThat(GoFloat.format(-0.0)).isEqualTo("-0");
    }
}
