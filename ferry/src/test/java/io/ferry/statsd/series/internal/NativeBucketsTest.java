package io.ferry.statsd.series.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NativeBucketsTest {
    /** client_golang's pickSchema: the finest schema whose bucket growth is at most the factor. */
    @ParameterizedTest(name = "factor {0} -> schema {1}")
    @CsvSource({"1.00271, 8", "1.005, 8", "1.01, 7", "1.02, 6", "1.1, 3", "1.2, 2", "1.5, 1", "2, 0", "4, -1", "16, -2",
            "256, -3", "65536, -4", "1e10, -4"})
    void picksTheSchemaFromTheFactor(double factor, int schema) {
        assertThat(NativeBuckets.schemaFor(factor)).isEqualTo(schema);
    }

    /** Bucket k of schema s holds (base^(k-1), base^k] with base = 2^(2^-s). */
    @Test
    void putsEachValueInTheBucketWhoseBoundsHoldIt() {
        Random r = new Random(5);
        for (int s = -4; s <= 8; s++) {
            double base = Math.pow(2, Math.pow(2, -s));
            for (int i = 0; i < 2_000; i++) {
                double v = Math.exp((r.nextDouble() - 0.5) * 60);
                int k = NativeBuckets.key(v, s);
                double upper = Math.pow(base, k);
                double lower = Math.pow(base, k - 1);
                assertThat(v).as("schema %d key %d", s, k).isLessThanOrEqualTo(upper * (1 + 1e-12))
                        .isGreaterThan(lower * (1 - 1e-12));
            }
            assertThat(NativeBuckets.key(1, s)).as("1 is the upper bound of bucket 0").isZero();
            assertThat(NativeBuckets.key(2, s)).as("2 at schema %d", s).isEqualTo(s >= 0 ? 1 << s : 1);
        }
    }

    @Test
    void putsInfinityPastTheLargestFiniteBucket() {
        assertThat(NativeBuckets.key(Double.POSITIVE_INFINITY, 3)).isEqualTo(NativeBuckets.key(Double.MAX_VALUE, 3) + 1);
        assertThat(NativeBuckets.key(Double.MIN_VALUE, 0)).isEqualTo(-1074);
    }
}
