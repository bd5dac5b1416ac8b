package io.ferry.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a body's array grows: linearly at every size, never past the limit or the largest array. */
class LimitedBodyTest {
    private static final int GIB = 1 << 30;
    /** The largest array a JVM allocates reliably. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    @Test
    void theArrayNeverGrowsPastTheLimit() {
        assertThat(LimitedBody.capacityFor(600, 601, 1000)).isEqualTo(1000);
        assertThat(LimitedBody.capacityFor(16, 17, 1000)).isEqualTo(32);
    }

    @Test
    void theArrayDoublesPastOneGibibyteSoGrowingStaysLinear() {
        long none = Long.MAX_VALUE;
        assertThat(LimitedBody.capacityFor(64 << 10, (64 << 10) + 1, none)).isEqualTo(128 << 10);
        // At 1 GiB a doubled int overflows: growing then by only what each chunk needs copied the
        // whole body once per chunk.
        assertThat(LimitedBody.capacityFor(GIB, GIB + 16384L, none)).isEqualTo(MAX_ARRAY);
        assertThat(LimitedBody.capacityFor(GIB, GIB + 16384L, (3L << 29))).isEqualTo(3 << 29);
    }

    @Test
    void noLimitStillEndsAtTheLargestArray() {
        // The array never asks for more than the JVM can give, whatever the limit says.
        assertThat(LimitedBody.capacityFor(MAX_ARRAY - 10, MAX_ARRAY, Long.MAX_VALUE)).isEqualTo(MAX_ARRAY);
    }
}
