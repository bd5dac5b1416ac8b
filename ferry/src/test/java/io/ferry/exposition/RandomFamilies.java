package io.ferry.exposition;

import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random metric families that a text format can represent exactly, for round-trip properties:
 * every type the format knows, escapes and non-ASCII in label values and HELP, NaN and infinities,
 * timestamps, and (OpenMetrics) exemplars, created times and units.
 */
final class RandomFamilies {
    private static final String VALUE_CHARS = "abcxyz019 _-./:\\\"\n\t{}=,#\u00e9\u4e16\u0000";
    private static final MetricType[] TEXT_TYPES = {MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM,
            MetricType.SUMMARY, MetricType.UNTYPED};
    private static final MetricType[] OPENMETRICS_TYPES = {MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM,
            MetricType.SUMMARY, MetricType.UNKNOWN, MetricType.INFO, MetricType.STATESET, MetricType.GAUGE_HISTOGRAM};

    private final Random random;
    private final boolean openMetrics;

    RandomFamilies(long seed, boolean openMetrics) {
        this.random = new Random(seed);
        this.openMetrics = openMetrics;
    }

    List<MetricFamily> families() {
        int n = 1 + random.nextInt(6);
        List<MetricFamily> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(family(i));
        }
        return out;
    }

    private MetricFamily family(int index) {
        MetricType[] types = openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES;
        MetricType type = types[random.nextInt(types.length)];
        String unit = openMetrics && random.nextInt(4) == 0 && type != MetricType.COUNTER && type != MetricType.INFO
                ? "seconds" : null;
        String name = "f" + index + "_" + word() + (unit != null ? "_seconds" : "");
        if (type == MetricType.COUNTER) {
            name += "_total";
        } else if (openMetrics && type == MetricType.INFO) {
            name += "_info";
        }
        String help = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> "Help " + word();
            default -> "x" + string(12);
        };
        int count = 1 + random.nextInt(5);
        Set<Labels> seen = new HashSet<>();
        List<Metric> metrics = new ArrayList<>();
        String reserved = type.shape() == MetricType.Shape.HISTOGRAM ? "le"
                : type.shape() == MetricType.Shape.SUMMARY ? "quantile" : null;
        for (int i = 0; i < count; i++) {
            Labels labels = labels(reserved);
            if (seen.add(labels)) {
                metrics.add(metric(type, labels));
            }
        }
        return new MetricFamily(name, type, help, unit, metrics);
    }

    private Metric metric(MetricType type, Labels labels) {
        long ts = random.nextInt(3) == 0 ? random.nextLong(-1L << 40, 1L << 42) : Metric.NO_TIMESTAMP;
        boolean created = openMetrics && type.hasCreated() && random.nextBoolean();
        double createdSeconds = created ? random.nextLong(1L << 40) / 1000.0 : Double.NaN;
        return switch (type.shape()) {
            case VALUE -> new ValueMetric(labels, value(), ts, type == MetricType.COUNTER ? createdSeconds : Double.NaN,
                    openMetrics && type == MetricType.COUNTER && random.nextBoolean() ? exemplar() : null);
            case SUMMARY -> {
                int n = random.nextInt(4);
                boolean hasCount = n == 0 || random.nextInt(4) > 0; // a metric needs one sample to exist in text
                double[] q = new double[n];
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    q[i] = (i + 1) / (double) (n + 1);
                    v[i] = value();
                }
                yield new SummaryMetric(labels, q, v, hasCount ? value() : Double.NaN,
                        hasCount ? random.nextInt(1000) : Double.NaN, ts, createdSeconds);
            }
            case HISTOGRAM -> {
                boolean hasCount = random.nextInt(4) > 0;
                int n = random.nextInt(5) + 1;
                double[] le = new double[n];
                double[] c = new double[n];
                Exemplar[] ex = openMetrics && random.nextBoolean() ? new Exemplar[n] : null;
                double cumulative = 0;
                for (int i = 0; i < n; i++) {
                    le[i] = i == n - 1 && hasCount ? Double.POSITIVE_INFINITY : (i + 1) * 0.25 * (1 + random.nextInt(3));
                    if (i > 0 && le[i] <= le[i - 1]) {
                        le[i] = le[i - 1] * 2;
                    }
                    cumulative += random.nextInt(10);
                    c[i] = cumulative;
                    if (ex != null && random.nextBoolean()) {
                        ex[i] = exemplar();
                    }
                }
                yield new HistogramMetric(labels, le, c, ex, hasCount ? value() : Double.NaN,
                        hasCount ? cumulative : Double.NaN, ts,
                        type == MetricType.GAUGE_HISTOGRAM ? Double.NaN : createdSeconds, null);
            }
        };
    }

    private Exemplar exemplar() {
        Labels l = random.nextBoolean() ? Labels.of("trace_id", word()) : Labels.EMPTY;
        long ts = random.nextBoolean() ? random.nextLong(1L << 42) : Metric.NO_TIMESTAMP;
        return new Exemplar(l, value(), ts);
    }

    private Labels labels(String reserved) {
        Labels.Builder b = Labels.builder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(5) == 0 ? "__" + word() : word() + (random.nextBoolean() ? "_" + i : "");
            if (!name.equals(reserved)) {
                b.tryAdd(name, random.nextInt(4) == 0 ? "" : string(random.nextInt(10)));
            }
        }
        return b.build();
    }

    private double value() {
        return switch (random.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> random.nextInt(100);
            case 3 -> {
                double d = Double.longBitsToDouble(random.nextLong());
                yield Double.isNaN(d) || d == 0 ? 1.5 : d;
            }
            default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 15);
        };
    }

    private String word() {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private String string(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(VALUE_CHARS.charAt(random.nextInt(VALUE_CHARS.length())));
        }
        return sb.toString();
    }
}
