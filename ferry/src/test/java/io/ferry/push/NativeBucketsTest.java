package io.ferry.push;

import io.ferry.model.NativeHistogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Native buckets listed as Prometheus' query API lists them, with Prometheus' bounds. */
class NativeBucketsTest {

    @Test
    void boundsArePrometheusOwn() {
        // Prometheus' table holds 2^-0.5 one bit below the nearest double, which Math.pow gives.
        assertThat(NativeBuckets.bound(1, 1)).isEqualTo(1.414213562373095).isNotEqualTo(Math.pow(2, 0.5));
        assertThat(NativeBuckets.bound(0, 3)).isEqualTo(1);
        assertThat(NativeBuckets.bound(-1, 0)).isEqualTo(0.5);
        assertThat(NativeBuckets.bound(3, 8)).isEqualTo(0.5040779490592088 * 2);
        assertThat(NativeBuckets.bound(2, -2)).isEqualTo(256);
        assertThat(NativeBuckets.bound(-3, -1)).isEqualTo(1.0 / 64);
        // The last finite bucket ends at the largest double; the next counts infinities.
        assertThat(NativeBuckets.bound(1024, 0)).isEqualTo(Double.MAX_VALUE);
        assertThat(NativeBuckets.bound(256, -2)).isEqualTo(Double.MAX_VALUE);
        assertThat(NativeBuckets.bound(1025, 0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void negativeFirstThenZeroThenPositiveSkippingEmptyBuckets() {
        NativeHistogram h = new NativeHistogram(0, 0.001, 4, new int[]{1, 1}, new double[]{3},
                new int[]{-1, 2, 2, 1}, new double[]{1, 0, 5}, true, List.of());
        assertThat(NativeBuckets.of(h)).containsExactly(
                new NativeBuckets.Bucket(1, -2, -1, 3),
                new NativeBuckets.Bucket(3, -0.001, 0.001, 4),
                new NativeBuckets.Bucket(0, 0.25, 0.5, 1),
                new NativeBuckets.Bucket(0, 4, 8, 5));
    }
}
