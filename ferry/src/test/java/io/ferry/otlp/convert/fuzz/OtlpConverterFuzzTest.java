package io.ferry.otlp.convert.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricNames;
import io.ferry.otlp.convert.Conversion;
import io.ferry.otlp.convert.ConversionOptions;
import io.ferry.otlp.convert.ConvertedResource;
import io.ferry.otlp.convert.DeltaPolicy;
import io.ferry.otlp.convert.DeltaSeries;
import io.ferry.otlp.convert.OtlpConverter;
import io.ferry.otlp.convert.TranslationStrategy;
import io.ferry.otlp.wire.Attributes;
import io.ferry.otlp.wire.DataPoint;
import io.ferry.otlp.wire.ExpHistogramPoint;
import io.ferry.otlp.wire.ExportRequest;
import io.ferry.otlp.wire.HistogramPoint;
import io.ferry.otlp.wire.MetricKind;
import io.ferry.otlp.wire.NumberPoint;
import io.ferry.otlp.wire.OtlpExemplar;
import io.ferry.otlp.wire.OtlpMetric;
import io.ferry.otlp.wire.ResourceMetrics;
import io.ferry.otlp.wire.ScopeMetrics;
import io.ferry.otlp.wire.SummaryPoint;
import io.ferry.otlp.wire.Temporality;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link OtlpConverter#convert}: well-formed export requests built from the fuzzer's bytes
 * (any names, attribute keys, values, kinds, temporalities, bucket layouts, scales, times and flags)
 * never make it throw, and every data point is either in the result or counted as rejected. Each
 * point carries an attribute {@code zz_point} of its own, so no two points share a series and the
 * count is exact. Kept series have valid, unreserved names; every delta adds to nothing and to
 * itself without throwing. Without {@code JAZZER_FUZZ} this replays the committed inputs;
 * {@code bench/fuzz.sh otlpconvert SECONDS} fuzzes it (docs/fuzzing.md).
 */
class OtlpConverterFuzzTest {
    private static final long NOW_MS = 1_780_000_000_000L;
    private static final long NOW_NANOS = NOW_MS * 1_000_000L;
    private static final String[] WORDS = {"service.name", "service.namespace", "service.instance.id", "host.name",
            "job", "instance", "le", "quantile", "__", "_", "__name__", "a.b", "a_b", "1x", "é", "otel_scope_name", ""};
    private static final String[] UNITS = {"", "1", "s", "By", "By/s", "{req}", "1/s", "%", "ms", "/", " By / s "};

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        Bytes in = new Bytes(data);
        ConversionOptions options = new ConversionOptions(
                in.bool() ? TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES
                        : TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES,
                in.bool(), in.bool() ? List.of("host.name", "a.b") : List.of(), in.bool(), in.bool(),
                in.bool() ? DeltaPolicy.ACCUMULATE : DeltaPolicy.REJECT);
        int[] points = {0};
        ExportRequest request = request(in, points);

        Conversion c = new OtlpConverter(options, () -> NOW_MS).convert(request);

        long kept = 0;
        for (ConvertedResource r : c.resources()) {
            for (MetricFamily f : r.cumulative()) {
                assertThat(MetricNames.isValidMetricName(f.name())).as(f.name()).isTrue();
                for (Metric m : f.metrics()) {
                    checkLabels(m.labels());
                }
                if (!f.name().equals("target_info")) {
                    kept += f.metrics().size();
                }
            }
            for (DeltaSeries d : r.deltas()) {
                assertThat(MetricNames.isValidMetricName(d.family())).as(d.family()).isTrue();
                checkLabels(d.labels());
                Metric first = DeltaSeries.accumulate(null, d);
                DeltaSeries.accumulate(first, d);
                kept++;
            }
        }
        assertThat(kept + c.rejectedPoints()).isEqualTo(points[0]);
        assertThat(c.rejectionsByReason().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(c.rejectedPoints());
        assertThat(c.messages().size()).isLessThanOrEqualTo(Conversion.MAX_MESSAGES);
    }

    private static void checkLabels(Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            assertThat(MetricNames.isValidLabelName(labels.name(i))).as(labels.name(i)).isTrue();
            assertThat(MetricNames.isReservedLabelName(labels.name(i))).as(labels.name(i)).isFalse();
        }
    }

    private static ExportRequest request(Bytes in, int[] points) {
        List<ResourceMetrics> resources = new ArrayList<>();
        for (int r = in.small(3); r > 0; r--) {
            List<ScopeMetrics> scopes = new ArrayList<>();
            for (int s = in.small(2); s > 0; s--) {
                List<OtlpMetric> metrics = new ArrayList<>();
                for (int m = in.small(4); m > 0; m--) {
                    metrics.add(metric(in, points));
                }
                scopes.add(new ScopeMetrics(in.string(), in.string(), attributes(in), metrics));
            }
            resources.add(new ResourceMetrics(attributes(in), scopes));
        }
        return new ExportRequest(resources);
    }

    private static OtlpMetric metric(Bytes in, int[] points) {
        MetricKind kind = MetricKind.values()[in.small(MetricKind.values().length - 1)];
        Temporality t = Temporality.values()[in.small(Temporality.values().length - 1)];
        List<DataPoint> list = new ArrayList<>();
        int n = kind == MetricKind.EMPTY ? 0 : in.small(3);
        for (int i = 0; i < n; i++) {
            Attributes attrs = withIndex(attributes(in), points[0]++);
            list.add(point(in, kind, attrs));
        }
        // "m" first: no metric becomes target_info, so every kept series is one point
        return new OtlpMetric("m" + in.string(), in.string(), UNITS[in.small(UNITS.length - 1)], kind, t, in.bool(),
                list);
    }

    private static DataPoint point(Bytes in, MetricKind kind, Attributes attrs) {
        long start = in.time();
        long time = in.time();
        int flags = in.bool() ? DataPoint.FLAG_NO_RECORDED_VALUE : 0;
        return switch (kind) {
            case GAUGE, SUM, EMPTY -> new NumberPoint(attrs, start, time, in.number(), false, 0, flags, exemplars(in));
            case HISTOGRAM -> {
                double[] bounds = in.doubles(in.small(4));
                long[] counts = in.longs(in.small(5));
                yield new HistogramPoint(attrs, start, time, in.count(counts), in.bool(), in.number(), bounds, counts,
                        false, 0, false, 0, flags, exemplars(in));
            }
            case EXPONENTIAL_HISTOGRAM -> {
                long[] pos = in.longs(in.small(6));
                long[] neg = in.longs(in.small(3));
                long zero = in.small(3);
                yield new ExpHistogramPoint(attrs, start, time, in.count(pos) + in.count(neg) + zero, in.bool(),
                        in.number(), in.small(30) - 10, zero, in.bool() ? 0 : in.number(), in.small(40) - 20, pos,
                        in.small(40) - 20, neg, flags, exemplars(in));
            }
            case SUMMARY -> {
                int q = in.small(3);
                yield new SummaryPoint(attrs, start, time, in.small(100), in.number(), in.doubles(q), in.doubles(q),
                        flags);
            }
        };
    }

    private static List<OtlpExemplar> exemplars(Bytes in) {
        List<OtlpExemplar> list = new ArrayList<>();
        for (int i = in.small(2); i > 0; i--) {
            list.add(new OtlpExemplar(attributes(in), in.time(), in.number(), in.string(), in.string()));
        }
        return list;
    }

    private static Attributes attributes(Bytes in) {
        int n = in.small(4);
        String[] kv = new String[n * 2];
        for (int i = 0; i < kv.length; i += 2) {
            kv[i] = in.bool() ? WORDS[in.small(WORDS.length - 1)] : in.string();
            kv[i + 1] = in.string();
        }
        return Attributes.of(kv);
    }

    private static Attributes withIndex(Attributes a, int index) {
        String[] kv = new String[a.size() * 2 + 2];
        for (int i = 0; i < a.size(); i++) {
            kv[2 * i] = a.key(i).contains("z") ? "x" : a.key(i); // keep zz_point unique to the index
            kv[2 * i + 1] = a.value(i);
        }
        kv[kv.length - 2] = "zz_point";
        kv[kv.length - 1] = Integer.toString(index);
        return Attributes.of(kv);
    }

    /** Reads the fuzzer's bytes as choices; past the end every choice is 0. */
    private static final class Bytes {
        private final byte[] data;
        private int pos;

        Bytes(byte[] data) {
            this.data = data;
        }

        int next() {
            return pos < data.length ? data[pos++] & 0xff : 0;
        }

        boolean bool() {
            return (next() & 1) != 0;
        }

        /** 0 to {@code max}. */
        int small(int max) {
            return next() % (max + 1);
        }

        String string() {
            int n = small(6);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                int c = next();
                sb.append(c < 200 ? (char) ('a' + c % 26) : c < 230 ? ".-_/ :é".charAt(c % 7) : (char) (0x4e00 + c));
            }
            return sb.toString();
        }

        double number() {
            return switch (small(7)) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> Double.NEGATIVE_INFINITY;
                case 3 -> -next();
                case 4 -> next() / 7.0;
                default -> next();
            };
        }

        long time() {
            return switch (small(5)) {
                case 0 -> 0;
                case 1 -> NOW_NANOS - 100L * 86_400_000_000_000L;
                case 2 -> NOW_NANOS + 3_600_000_000_000L;
                case 3 -> Long.MAX_VALUE;
                default -> NOW_NANOS - next() * 1_000_000_000L;
            };
        }

        double[] doubles(int n) {
            double[] a = new double[n];
            double last = -10;
            for (int i = 0; i < n; i++) {
                a[i] = bool() ? number() : (last += 1 + next());
            }
            return a;
        }

        long[] longs(int n) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = small(9) == 9 ? Long.MAX_VALUE : next();
            }
            return a;
        }

        /** Usually the true total of {@code counts}, sometimes not. */
        long count(long[] counts) {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return small(7) == 0 ? total + 1 : total;
        }
    }
}
