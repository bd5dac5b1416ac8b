package io.ferry.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WebLimitsTest {
    private static final long HEAP = Runtime.getRuntime().maxMemory();

    @Test
    void theBodyBudgetIsAQuarterOfTheHeapAndAtLeastTheLargestPush() {
        assertThat(WebLimits.DEFAULTS.effectiveMaxBodyBytesInFlight(1024)).isEqualTo(HEAP / 4);
        // A small heap (a container of 128 MiB) still reads the largest push the limits allow.
        assertThat(WebLimits.DEFAULTS.effectiveMaxBodyBytesInFlight(HEAP / 2)).isEqualTo(HEAP / 2);
    }

    @Test
    void aBudgetSetIsTheBudgetWhateverThePushLimit() {
        WebLimits set = new WebLimits(512, Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(2), 4096);
        assertThat(set.effectiveMaxBodyBytesInFlight(16L << 20)).isEqualTo(4096);
    }
}
