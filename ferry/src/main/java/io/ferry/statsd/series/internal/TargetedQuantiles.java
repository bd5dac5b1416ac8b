package io.ferry.statsd.series.internal;


/**
 * A streaming estimator of targeted quantiles after Cormode, Korn, Muthukrishnan and Srivastava,
 * "Effective computation of biased quantiles over data streams" (ICDE 2005): a sorted list of
 * samples {@code (v, g, delta)}, where {@code g} is the gap in minimum rank to the previous sample
 * and {@code g + delta} bounds the rank uncertainty. The invariant {@code g + delta <= f(r, n)} with
 * {@code f(r, n) = min over targets (phi, eps)} of {@code 2 eps r / phi} when {@code r >= phi n}, else
 * {@code 2 eps (n - r) / (1 - phi)} keeps each target quantile's rank within {@code eps n} of exact,
 * while the samples stay few (about {@code 1/eps log(eps n)}).
 *
 * <pre>{@code
 * TargetedQuantiles q = new TargetedQuantiles(new double[] {0.5, 0.99}, new double[] {0.05, 0.001});
 * double[] batch = {3, 1, 2};
 * Arrays.sort(batch);
 * q.insertSorted(batch, 3);
 * q.query(0.5); // 2
 * }</pre>
 *
 * <p>Not thread-safe: the owner's lock guards it.
 */
public final class TargetedQuantiles {
    private final double[] phis;
    private final double[] epsilons;
    private double[] values = new double[0];
    private long[] gaps = new long[0];
    private long[] deltas = new long[0];
    private int size;
    private long n;

    /** @param phis the target quantiles, @param epsilons their rank errors; both shared, never written */
    public TargetedQuantiles(double[] phis, double[] epsilons) {
        this.phis = phis;
        this.epsilons = epsilons;
    }

    public long count() {
        return n;
    }

    public int samples() {
        return size;
    }

    /** Forgets every observation; keeps the arrays, which the next observations will fill again. */
    public void reset() {
        size = 0;
        n = 0;
    }

    /**
     * Merges {@code batch[0..len)}, sorted ascending, into the samples, then compresses. The merge
     * runs in a buffer of the calling thread, so a stream that does not grow allocates nothing.
     */
    public void insertSorted(double[] batch, int len) {
        if (len == 0) {
            return;
        }
        Merge m = MERGE.get().ensure(size + len);
        double[] v = m.values;
        long[] g = m.gaps;
        long[] d = m.deltas;
        int out = 0;
        int old = 0;
        long rank = 0; // the minimum rank of the last sample written
        for (int b = 0; b < len; b++) {
            double x = batch[b];
            while (old < size && values[old] <= x) {
                v[out] = values[old];
                g[out] = gaps[old];
                d[out] = deltas[old];
                rank += gaps[old];
                out++;
                old++;
            }
            n++;
            v[out] = x;
            g[out] = 1;
            // A new minimum or maximum is known exactly; elsewhere its rank is as uncertain as f allows.
            d[out] = (out == 0 || old == size) ? 0 : Math.max(0, (long) Math.floor(allowed(rank)) - 1);
            rank += 1;
            out++;
        }
        int rest = size - old;
        System.arraycopy(values, old, v, out, rest);
        System.arraycopy(gaps, old, g, out, rest);
        System.arraycopy(deltas, old, d, out, rest);
        int kept = compress(v, g, d, out + rest);
        if (values.length < kept || values.length > 2 * kept + 16) {
            values = new double[kept + kept / 4];
            gaps = new long[values.length];
            deltas = new long[values.length];
        }
        System.arraycopy(v, 0, values, 0, kept);
        System.arraycopy(g, 0, gaps, 0, kept);
        System.arraycopy(d, 0, deltas, 0, kept);
        size = kept;
    }

    /** A thread's merge buffers. */
    private static final class Merge {
        double[] values = new double[0];
        long[] gaps = new long[0];
        long[] deltas = new long[0];

        Merge ensure(int capacity) {
            if (values.length < capacity) {
                values = new double[capacity * 2];
                gaps = new long[capacity * 2];
                deltas = new long[capacity * 2];
            }
            return this;
        }
    }

    private static final ThreadLocal<Merge> MERGE = ThreadLocal.withInitial(Merge::new);

    /** The estimated value at quantile {@code phi}, or NaN when nothing was observed. */
    public double query(double phi) {
        if (size == 0) {
            return Double.NaN;
        }
        double t = Math.ceil(phi * n);
        double bound = t + allowed(t) / 2;
        long rank = 0;
        for (int i = 1; i < size; i++) {
            rank += gaps[i - 1];
            if (rank + gaps[i] + deltas[i] > bound) {
                return values[i - 1];
            }
        }
        return values[size - 1];
    }

    /** The invariant's bound f(r, n). */
    private double allowed(double r) {
        double min = Double.MAX_VALUE;
        for (int i = 0; i < phis.length; i++) {
            double phi = phis[i];
            double eps = epsilons[i];
            double f;
            if (phi > 0 && (phi * n <= r || phi == 1)) {
                f = 2 * eps * r / phi;
            } else {
                f = 2 * eps * (n - r) / (1 - phi);
            }
            min = Math.min(min, f);
        }
        return min;
    }

    /**
     * Merges each sample into its successor while the pair still satisfies the invariant; the minimum
     * and maximum stay exact. Returns the number of samples left at the start of the arrays.
     */
    private int compress(double[] v, long[] g, long[] d, int count) {
        if (count < 3) {
            return count;
        }
        // Walk from the largest sample down, keeping the survivors packed at the end of the arrays.
        int w = count - 1; // the survivor that absorbs smaller samples
        long rank = n - g[count - 1]; // the minimum rank of the sample below it
        for (int i = count - 2; i >= 1; i--) {
            if (g[i] + g[w] + d[w] <= allowed(rank)) {
                g[w] += g[i];
            } else {
                w--;
                v[w] = v[i];
                g[w] = g[i];
                d[w] = d[i];
            }
            rank -= g[i];
        }
        w--;
        v[w] = v[0];
        g[w] = g[0];
        d[w] = d[0];
        int kept = count - w;
        System.arraycopy(v, w, v, 0, kept);
        System.arraycopy(g, w, g, 0, kept);
        System.arraycopy(d, w, d, 0, kept);
        return kept;
    }
}
