package io.ferry.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prometheus' size syntax (Base2Bytes); the accepted and refused cases were checked against promtool 2.42. */
class PromSizeTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "10B, 10",
            "10KB, 10240",
            "10KiB, 10240",
            "10MB, 10485760",
            "100MiB, 104857600",
            "1.5MB, 1572864",
            "1MB512KB, 1572864",
            "1GB, 1073741824",
            "1PB, 1125899906842624",
            "1EB, 1152921504606846976",
            ".5KB, 512",
            "1.KB, 1024",
            "1.5B, 1",
            "00MB, 0",
            "1KB1KB, 2048",
            "1MB1GB, 1074790400",
    })
    void unitsArePowersOf1024(String text, long bytes) {
        assertThat(PromSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1024", "10mb", "10kB", "10b", "MB", "1..5MB", "10 MB", "-1MB", "10ZB", ".MB"})
    void refusesWhatPrometheusRefuses(String text) {
        assertThatThrownBy(() -> PromSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8EB", "9999999EB", "7EB1EB"})
    void refusesSizesBeyondALong(String text) {
        assertThatThrownBy(() -> PromSize.parse(text)).hasMessageContaining("too large");
    }
}
