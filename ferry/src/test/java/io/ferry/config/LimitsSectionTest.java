package io.ferry.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code push.limits:}, read through the whole loader. */
class LimitsSectionTest {

    private static PushLimitsConfig limits(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yml").push().limits();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        PushLimitsConfig l = limits("""
                push:
                  limits:
                    max_body_bytes: 1MiB
                    max_series_per_push: 500
                    max_labels_per_series: 20
                    max_label_name_length: 64
                    max_label_value_length: 256
                    max_groups: 1000
                    max_series: 50000
                    max_pushes_per_second: 2.5
                    burst: 10
                """);
        assertThat(l).isEqualTo(new PushLimitsConfig(1 << 20, 500, 20, 64, 256, 1000, 50_000, 2.5, 10));
        assertThat(l.rateLimited()).isTrue();
        assertThat(l.effectiveBurst()).isEqualTo(10);
    }

    @Test
    void absentKeysKeepTheirDefaults() throws Exception {
        assertThat(limits("push:\n  limits:\n    max_groups: 10\n"))
                .isEqualTo(new PushLimitsConfig(16L << 20, 100_000, 128, 1024, 16 * 1024, 10, 10_000_000, 0, 0));
        assertThat(limits("")).isEqualTo(PushLimitsConfig.DEFAULTS);
        assertThat(PushLimitsConfig.DEFAULTS.rateLimited()).isFalse();
        assertThat(limits("push:\n  limits:\n    max_body_bytes: 4096\n").maxBodyBytes()).isEqualTo(4096);
    }

    @Test
    void theBurstDefaultsToOneSecondOfPushes() throws Exception {
        assertThat(limits("push:\n  limits:\n    max_pushes_per_second: 2.5\n").effectiveBurst()).isEqualTo(3);
        assertThat(limits("push:\n  limits:\n    max_pushes_per_second: 0.1\n").effectiveBurst()).isEqualTo(1);
    }

    @Test
    void badValuesNameTheKeyAndLine() {
        assertThatThrownBy(() -> limits("push:\n  limits:\n    max_series_per_push: 0\n"))
                .hasMessage("ferry.yml:3: push.limits.max_series_per_push must be positive, got 0");
        assertThatThrownBy(() -> limits("push:\n  limits:\n    max_groups: 1\n    max_body_bytes: 16 furlongs\n"))
                .hasMessage("ferry.yml:4: push.limits.max_body_bytes: size \"16 furlongs\" has an unknown unit "
                        + "\"furlongs\" (use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)");
        assertThatThrownBy(() -> limits("push:\n  limits:\n    max_pushes_per_second: -1\n"))
                .hasMessage("ferry.yml:3: push.limits.max_pushes_per_second must be 0 (no limit) or a positive number");
        assertThatThrownBy(() -> limits("push:\n  limits:\n    max_pushes_per_second: fast\n"))
                .hasMessageStartingWith("ferry.yml:3: push.limits.max_pushes_per_second: ");
        assertThatThrownBy(() -> limits("push:\n  limits:\n    max_labels: 3\n"))
                .hasMessageStartingWith("ferry.yml:3: unknown key \"max_labels\" in push.limits (allowed: max_body_bytes,");
        assertThatThrownBy(() -> limits("push:\n  limits:\n    max_series_per_push: 9999999999\n"))
                .hasMessage("ferry.yml:3: push.limits.max_series_per_push: 9999999999 is too large (at most 2147483647)");
    }
}
