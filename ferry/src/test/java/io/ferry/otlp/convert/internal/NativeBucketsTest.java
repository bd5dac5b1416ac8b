package io.ferry.otlp.convert.internal;

import io.ferry.model.NativeHistogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class NativeBucketsTest {

    /**
     * Prometheus' {@code TestConvertBucketsLayout} (histograms_test.go) as data: OTLP offset and
     * counts, how many schemas to merge down, and the expected spans and bucket deltas (Prometheus'
     * wire form; Ferry's model holds absolute counts, turned into deltas here to compare). Merging
     * down {@code n} schemas is what a point of scale {@code 8 + n} gets.
     */
    static Stream<Arguments> bucketLayouts() {
        return Stream.of(
                arguments("zero offset-scaleby-0", 0, new long[] {4, 3, 2, 1}, 0, new int[] {1, 4}, new long[] {4, -1, -1, -1}),
                arguments("zero offset-scaleby-1", 0, new long[] {4, 3, 2, 1}, 1, new int[] {1, 2}, new long[] {7, -4}),
                arguments("zero offset-scaleby-2", 0, new long[] {4, 3, 2, 1}, 2, new int[] {1, 1}, new long[] {10}),
                arguments("offset 1-scaleby-0", 1, new long[] {4, 3, 2, 1}, 0, new int[] {2, 4}, new long[] {4, -1, -1, -1}),
                arguments("offset 1-scaleby-1", 1, new long[] {4, 3, 2, 1}, 1, new int[] {1, 3}, new long[] {4, 1, -4}),
                arguments("offset 1-scaleby-2", 1, new long[] {4, 3, 2, 1}, 2, new int[] {1, 2}, new long[] {9, -8}),
                arguments("positive offset-scaleby-0", 4, new long[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0,
                        new int[] {5, 4, 12, 1}, new long[] {4, -2, -2, 2, -1}),
                arguments("positive offset-scaleby-1", 4, new long[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1,
                        new int[] {3, 2, 6, 1}, new long[] {6, -4, -1}),
                arguments("positive offset-scaleby-2", 4, new long[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2,
                        new int[] {2, 1, 3, 1}, new long[] {8, -7}),
                arguments("scaledown merges spans-scaleby-0", 4, new long[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0,
                        new int[] {5, 4, 8, 1}, new long[] {4, -2, -2, 2, -1}),
                arguments("scaledown merges spans-scaleby-1", 4, new long[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1,
                        new int[] {3, 2, 4, 1}, new long[] {6, -4, -1}),
                arguments("scaledown merges spans-scaleby-2", 4, new long[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2,
                        new int[] {2, 4}, new long[] {8, -8, 0, 1}),
                arguments("negative offset-scaleby-0", -2, new long[] {3, 1, 0, 0, 0, 1}, 0, new int[] {-1, 2, 3, 1}, new long[] {3, -2, 0}),
                arguments("negative offset-scaleby-1", -2, new long[] {3, 1, 0, 0, 0, 1}, 1, new int[] {0, 3}, new long[] {4, -4, 1}),
                arguments("negative offset-scaleby-2", -2, new long[] {3, 1, 0, 0, 0, 1}, 2, new int[] {0, 2}, new long[] {4, -3}),
                arguments("buckets with gaps of size 1-scaleby-0", -2, new long[] {3, 1, 0, 1, 0, 1}, 0, new int[] {-1, 6},
                        new long[] {3, -2, -1, 1, -1, 1}),
                arguments("buckets with gaps of size 1-scaleby-1", -2, new long[] {3, 1, 0, 1, 0, 1}, 1, new int[] {0, 3}, new long[] {4, -3, 0}),
                arguments("buckets with gaps of size 1-scaleby-2", -2, new long[] {3, 1, 0, 1, 0, 1}, 2, new int[] {0, 2}, new long[] {4, -2}),
                arguments("buckets with gaps of size 2-scaleby-0", -2, new long[] {3, 0, 0, 1, 0, 0, 1}, 0, new int[] {-1, 7},
                        new long[] {3, -3, 0, 1, -1, 0, 1}),
                arguments("buckets with gaps of size 2-scaleby-1", -2, new long[] {3, 0, 0, 1, 0, 0, 1}, 1, new int[] {0, 4},
                        new long[] {3, -2, -1, 1}),
                arguments("buckets with gaps of size 2-scaleby-2", -2, new long[] {3, 0, 0, 1, 0, 0, 1}, 2, new int[] {0, 3},
                        new long[] {3, -2, 0}),
                arguments("zero buckets-scaleby-0", 0, new long[0], 0, new int[0], new long[0]),
                arguments("zero buckets-scaleby-2", 0, new long[0], 2, new int[0], new long[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bucketLayouts")
    void convertsBucketLayouts(String name, int offset, long[] counts, int scaleDown, int[] wantSpans,
                               long[] wantDeltas) {
        NativeHistogram h = NativeBuckets.fromOtlp(NativeBuckets.MAX_SCHEMA + scaleDown, 0, 0, offset, counts,
                offset, counts, List.of());
        assertThat(h.schema()).isEqualTo(NativeBuckets.MAX_SCHEMA);
        assertThat(h.positiveSpans()).containsExactly(wantSpans);
        assertThat(deltas(h.positiveCounts())).containsExactly(wantDeltas);
        assertThat(h.negativeSpans()).containsExactly(wantSpans);
        assertThat(deltas(h.negativeCounts())).containsExactly(wantDeltas);
        assertThat(h.integerCounts()).isTrue();
    }

    private static long[] deltas(double[] counts) {
        long[] d = new long[counts.length];
        long previous = 0;
        for (int i = 0; i < counts.length; i++) {
            d[i] = (long) counts[i] - previous;
            previous = (long) counts[i];
        }
        return d;
    }

    @Test
    void zeroThresholdIsOtlpsOrTheSpecsDefault() {
        assertThat(NativeBuckets.fromOtlp(1, 0, 1, 0, new long[0], 0, new long[0], List.of()).zeroThreshold())
                .isEqualTo(1e-128);
        assertThat(NativeBuckets.fromOtlp(1, 0.5, 1, 0, new long[0], 0, new long[0], List.of()).zeroThreshold())
                .isEqualTo(0.5);
    }

    @Test
    void classicBucketsRunFromTheMostNegativeToInf() {
        // Prometheus' "convert exp. to native histogram" point: scale 1, zero count 1, buckets at
        // OTLP offset 1 on both sides (bounds sqrt(2)^1..sqrt(2)^3).
        NativeHistogram h = NativeBuckets.fromOtlp(1, 0, 1, 1, new long[] {1, 1}, 1, new long[] {1, 1}, List.of());
        assertThat(h.positiveSpans()).containsExactly(2, 2);
        assertThat(h.negativeSpans()).containsExactly(2, 2);
        NativeBuckets.Classic c = NativeBuckets.classic(h, 5);
        assertThat(c.upperBounds()).containsExactly(-2.0, -1.414213562373095, 1e-128, 2.0, 2.82842712474619,
                Double.POSITIVE_INFINITY);
        assertThat(c.cumulativeCounts()).containsExactly(1, 2, 3, 4, 5, 5);
    }

    @Test
    void aBoundInsideTheZeroBucketIsLeftOut() {
        NativeHistogram h = NativeBuckets.fromOtlp(0, 1.5, 1, -1, new long[] {2, 3}, 0, new long[0], List.of());
        NativeBuckets.Classic c = NativeBuckets.classic(h, 6);
        // bucket (0.5, 1] lies inside [-1.5, 1.5]: its 2 observations count at the next bound, 2
        assertThat(c.upperBounds()).containsExactly(1.5, 2.0, Double.POSITIVE_INFINITY);
        assertThat(c.cumulativeCounts()).containsExactly(1, 6, 6);
    }

    @Test
    void addingMergesToTheCoarserSchemaAndTheWiderZeroBucket() {
        NativeHistogram fine = NativeBuckets.fromOtlp(1, 0, 0, 0, new long[] {1, 1, 1, 1}, 0, new long[0], List.of());
        NativeHistogram coarse = NativeBuckets.fromOtlp(0, 0, 2, 0, new long[] {5, 5}, 0, new long[0], List.of());
        NativeHistogram sum = NativeBuckets.add(fine, coarse, List.of());
        assertThat(sum.schema()).isEqualTo(0);
        assertThat(sum.zeroCount()).isEqualTo(2);
        assertThat(sum.positiveSpans()).containsExactly(1, 2);
        assertThat(sum.positiveCounts()).containsExactly(7, 7);

        NativeHistogram wide = NativeBuckets.fromOtlp(0, 2, 1, 0, new long[0], 0, new long[0], List.of());
        NativeHistogram swallowed = NativeBuckets.add(coarse, wide, List.of());
        assertThat(swallowed.zeroThreshold()).isEqualTo(2);
        assertThat(swallowed.zeroCount()).isEqualTo(2 + 1 + 5); // (1, 2] lies inside [-2, 2]
        assertThat(swallowed.positiveSpans()).containsExactly(2, 1);
        assertThat(swallowed.positiveCounts()).containsExactly(5);
    }
}
