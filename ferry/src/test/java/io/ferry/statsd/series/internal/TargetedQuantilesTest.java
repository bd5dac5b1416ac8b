package io.ferry.statsd.series.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The estimator keeps each target's rank within its error, in little space. */
class TargetedQuantilesTest {
    private static final double[] PHIS = {0.5, 0.9, 0.99};
    private static final double[] EPS = {0.05, 0.01, 0.001};

    @Test
    void aShuffledRangeIsWithinEachObjectivesRankError() {
        int n = 100_000;
        double[] stream = new double[n];
        for (int i = 0; i < n; i++) {
            stream[i] = i + 1;
        }
        shuffle(stream, new Random(7));
        TargetedQuantiles q = feed(stream, 500);
        assertThat(q.count()).isEqualTo(n);
        for (int t = 0; t < PHIS.length; t++) {
            double rank = q.query(PHIS[t]); // the values are their own ranks
            assertThat(Math.abs(rank - PHIS[t] * n)).as("rank error at %s", PHIS[t]).isLessThanOrEqualTo(EPS[t] * n + 1);
        }
        assertThat(q.samples()).as("samples kept").isLessThan(n / 20);
    }

    /** Skewed and sorted streams, and streams with many equal values, measured against exact ranks. */
    @Test
    void otherStreamsAreWithinEachObjectivesRankError() {
        Random r = new Random(11);
        check(50_000, () -> -Math.log(1 - r.nextDouble()) * 0.2, 500);        // exponential latencies
        check(50_000, () -> Math.floor(r.nextDouble() * 10), 500);            // ten distinct values
        double[] next = {0};
        check(30_000, () -> next[0]++, 100);                                  // ascending
        double[] down = {1e6};
        check(30_000, () -> down[0]--, 37);                                   // descending, odd batches
    }

    @Test
    void answersNanWhenEmptyAndTheValueWhenOne() {
        TargetedQuantiles q = new TargetedQuantiles(PHIS, EPS);
        assertThat(q.query(0.5)).isNaN();
        q.insertSorted(new double[] {42}, 1);
        assertThat(q.query(0.01)).isEqualTo(42);
        assertThat(q.query(0.99)).isEqualTo(42);
        q.reset();
        assertThat(q.query(0.5)).isNaN();
    }

    @Test
    void handlesTheExtremeQuantiles() {
        double[] phis = {0, 1};
        double[] eps = {0.01, 0.01};
        TargetedQuantiles q = new TargetedQuantiles(phis, eps);
        double[] stream = new double[10_000];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = i + 1;
        }
        shuffle(stream, new Random(3));
        for (int i = 0; i < stream.length; i += 100) {
            double[] batch = Arrays.copyOfRange(stream, i, i + 100);
            Arrays.sort(batch);
            q.insertSorted(batch, batch.length);
        }
        assertThat(q.query(0)).isLessThanOrEqualTo(1 + 0.01 * 10_000);
        assertThat(q.query(1)).isGreaterThanOrEqualTo(10_000 - 0.01 * 10_000);
    }

    private static void check(int n, DoubleSupplier values, int batch) {
        double[] stream = new double[n];
        for (int i = 0; i < n; i++) {
            stream[i] = values.getAsDouble();
        }
        TargetedQuantiles q = feed(stream, batch);
        double[] sorted = stream.clone();
        Arrays.sort(sorted);
        for (int t = 0; t < PHIS.length; t++) {
            double v = q.query(PHIS[t]);
            // The ranks v may hold: from the first to the last position of v in the sorted stream.
            int lo = lowerBound(sorted, v) + 1;
            int hi = lowerBound(sorted, Math.nextUp(v));
            double target = PHIS[t] * n;
            double error = target < lo ? lo - target : target > hi ? target - hi : 0;
            assertThat(error).as("rank error at %s", PHIS[t]).isLessThanOrEqualTo(EPS[t] * n + 1);
        }
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static TargetedQuantiles feed(double[] stream, int batch) {
        TargetedQuantiles q = new TargetedQuantiles(PHIS, EPS);
        for (int i = 0; i < stream.length; i += batch) {
            double[] b = Arrays.copyOfRange(stream, i, Math.min(stream.length, i + batch));
            Arrays.sort(b);
            q.insertSorted(b, b.length);
        }
        return q;
    }

    private static void shuffle(double[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
