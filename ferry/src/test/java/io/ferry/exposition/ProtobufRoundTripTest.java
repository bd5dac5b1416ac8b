package io.ferry.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ferry.exposition.internal.proto.ClientModel;
import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Randomized, seeded property tests: {@code parse(write(x))} gives back {@code x} as protobuf can
 * carry it, the generated classes re-encode our output to the same bytes, and no corruption of a
 * body makes the parser throw anything but {@link ExpositionException}.
 */
class ProtobufRoundTripTest {
    private static final long SEED = 0x5EED_F0E1L;
    private static final String[] TEXT_UNITS = {"a", "b", "Z", "0", "9", " ", "_", "-", ".", "\"", "\\", "\n", "\t",
            "é", "ß", "中", "😀", "{", "}", "="};

    @Test
    void parseOfWriteGivesBackWhatProtobufCanCarry() throws Exception {
        Random r = new Random(SEED);
        Map<MetricType, Integer> typesSeen = new EnumMap<>(MetricType.class);
        int nativeSeen = 0;
        int families = 0;
        for (int round = 0; round < 80; round++) {
            List<MetricFamily> written = new ArrayList<>();
            int n = r.nextInt(12);
            for (int i = 0; i < n; i++) {
                MetricFamily f = randomFamily(r);
                written.add(f);
                typesSeen.merge(f.type(), 1, Integer::sum);
                nativeSeen += (int) f.metrics().stream()
                        .filter(m -> m instanceof HistogramMetric h && h.nativeHistogram() != null).count();
            }
            families += n;
            byte[] body = ProtobufWriter.INSTANCE.toBytes(written);
            List<MetricFamily> expected = written.stream().map(ProtobufRoundTripTest::asProtobufCarriesIt)
                    .filter(f -> !f.metrics().isEmpty()).toList();

            ProtobufParser parser = new ProtobufParser(ParseLimits.DEFAULT);
            assertThat(parser.parse(body)).as("round %d from an array", round).isEqualTo(expected);
            assertThat(parser.parse(new ByteArrayInputStream(body))).as("round %d from a stream", round)
                    .isEqualTo(expected);

            List<ClientModel.MetricFamily> decoded = ProtoOracle.decode(body);
            assertThat(decoded).hasSize(written.size());
            assertThat(ProtoOracle.encode(decoded.toArray(new ClientModel.MetricFamily[0])))
                    .as("round %d re-encoded by the generated classes", round).isEqualTo(body);
        }
        assertThat(families).isGreaterThan(300);
        assertThat(typesSeen.keySet()).containsExactlyInAnyOrder(MetricType.values());
        assertThat(nativeSeen).isGreaterThan(50);
    }

    @Test
    void createdTimesInWholeMillisecondsSurviveTheSecondsAndNanosSplit() throws Exception {
        Random r = new Random(SEED + 1);
        List<Metric> metrics = new ArrayList<>();
        long[] millis = new long[2000];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = switch (i % 4) {
                case 0 -> r.nextLong(0, 4_102_444_800_000L); // 1970 to 2100
                case 1 -> r.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
                case 2 -> r.nextLong(-2000, 2000);
                default -> 1_700_000_000_000L + r.nextInt(1000);
            };
            metrics.add(new ValueMetric(Labels.EMPTY, i, Metric.NO_TIMESTAMP, millis[i] / 1000.0, null));
        }
        byte[] body = ProtoOracle.write(new MetricFamily("created_total", MetricType.COUNTER, null, null, metrics));

        List<ClientModel.Metric> decoded = ProtoOracle.decode(body).getFirst().getMetricList();
        List<Metric> parsed = ProtoOracle.parse(body).getFirst().metrics();
        for (int i = 0; i < millis.length; i++) {
            long ms = millis[i];
            assertThat(decoded.get(i).getCounter().getCreatedTimestamp())
                    .as("timestamp for %d ms", ms)
                    .isEqualTo(ProtoOracle.timestamp(Math.floorDiv(ms, 1000), (int) Math.floorMod(ms, 1000) * 1_000_000));
            assertThat(((ValueMetric) parsed.get(i)).createdSeconds()).as("seconds for %d ms", ms)
                    .isEqualTo(ms / 1000.0);
        }
    }

    @Test
    void corruptedBodiesFailOnlyWithExpositionException() {
        Random r = new Random(SEED + 2);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<MetricFamily> fs = new ArrayList<>();
            for (int j = 1 + r.nextInt(3); j > 0; j--) {
                fs.add(randomFamily(r));
            }
            bodies.add(ProtobufWriter.INSTANCE.toBytes(fs));
        }
        ParseLimits limits = new ParseLimits(1 << 20, 1 << 16, 8);
        int failures = 0;
        int attempts = 4000;
        for (int i = 0; i < attempts; i++) {
            byte[] body = mutate(r, bodies.get(r.nextInt(bodies.size())));
            for (boolean stream : new boolean[] {false, true}) {
                try {
                    ProtobufParser parser = new ProtobufParser(limits);
                    if (stream) {
                        parser.parse(new ByteArrayInputStream(body));
                    } else {
                        parser.parse(body);
                    }
                } catch (ExpositionException e) {
                    failures++;
                    assertThat(e.getMessage()).isNotBlank();
                } catch (Throwable t) {
                    fail("mutation %d (%s) threw %s for body %s", i, stream ? "stream" : "array", t,
                            Arrays.toString(body), t);
                }
            }
        }
        // Most corruptions must be noticed; some (a changed value byte) are legitimately invisible.
        assertThat(failures).isGreaterThan(attempts);
    }

    private static byte[] mutate(Random r, byte[] body) {
        byte[] b = body.clone();
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(3); k > 0 && b.length > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            case 2 -> {
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            default -> {
                int at = b.length == 0 ? 0 : r.nextInt(b.length);
                byte[] junk = new byte[1 + r.nextInt(6)];
                r.nextBytes(junk);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
        }
        return b;
    }

    /**
     * The family as protobuf carries it: info and stateset become gauges and unknown untyped, and
     * only counters keep an exemplar and a created time.
     */
    static MetricFamily asProtobufCarriesIt(MetricFamily f) {
        MetricType type = switch (f.type()) {
            case INFO, STATESET -> MetricType.GAUGE;
            case UNKNOWN -> MetricType.UNTYPED;
            default -> f.type();
        };
        if (type != MetricType.GAUGE && type != MetricType.UNTYPED) {
            return f;
        }
        List<Metric> metrics = f.metrics().stream().map(m -> (Metric) new ValueMetric(m.labels(),
                ((ValueMetric) m).value(), m.timestampMs(), Double.NaN, null)).toList();
        return new MetricFamily(f.name(), type, f.help(), f.unit(), metrics);
    }

    // ---- Generators

    static MetricFamily randomFamily(Random r) {
        MetricType type = MetricType.values()[r.nextInt(MetricType.values().length)];
        int n = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(4);
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Labels labels = labels(r, 4);
            long ts = r.nextBoolean() ? Metric.NO_TIMESTAMP : timestampMs(r);
            metrics.add(switch (type.shape()) {
                case VALUE -> new ValueMetric(labels, value(r), ts, created(r),
                        r.nextBoolean() ? exemplar(r, false) : null);
                case SUMMARY -> summary(r, labels, ts);
                case HISTOGRAM -> histogram(r, labels, ts);
            });
        }
        String help = r.nextInt(3) == 0 ? null : text(r, 0);
        String unit = r.nextInt(3) == 0 ? null : text(r, 1);
        return new MetricFamily(metricName(r), type, help, unit, metrics);
    }

    private static SummaryMetric summary(Random r, Labels labels, long ts) {
        int q = r.nextInt(5);
        double[] quantiles = new double[q];
        double[] values = new double[q];
        for (int i = 0; i < q; i++) {
            quantiles[i] = r.nextInt(4) == 0 ? value(r) : r.nextDouble();
            values[i] = value(r);
        }
        boolean hasCount = r.nextInt(4) != 0;
        // A summary's count is a uint64: any whole number from 0 to 2^64 fits.
        double count = !hasCount ? Double.NaN : switch (r.nextInt(3)) {
            case 0 -> r.nextInt(1000);
            case 1 -> (double) (r.nextLong() >>> 11);
            default -> (double) (r.nextLong() >>> 1) * 2;
        };
        return new SummaryMetric(labels, quantiles, values, hasCount ? value(r) : 0, count, ts, created(r));
    }

    private static HistogramMetric histogram(Random r, Labels labels, long ts) {
        int buckets = r.nextInt(6);
        double[] bounds = new double[buckets];
        double[] counts = new double[buckets];
        Exemplar[] exemplars = r.nextInt(3) == 0 ? new Exemplar[buckets] : null;
        for (int i = 0; i < buckets; i++) {
            bounds[i] = value(r);
            counts[i] = count(r);
            if (exemplars != null && r.nextBoolean()) {
                exemplars[i] = exemplar(r, false);
            }
        }
        // The parser gives null, not an array of nulls, when no bucket has an exemplar.
        if (exemplars != null && Arrays.stream(exemplars).allMatch(e -> e == null)) {
            if (buckets == 0) {
                exemplars = null;
            } else {
                exemplars[r.nextInt(buckets)] = exemplar(r, false);
            }
        }
        boolean hasCount = r.nextInt(4) != 0;
        double count = hasCount ? count(r) : Double.NaN;
        double sum = hasCount ? value(r) : 0;
        NativeHistogram nh = r.nextBoolean() ? nativeHistogram(r) : null;
        return new HistogramMetric(labels, bounds, counts, exemplars, sum, count, ts, created(r), nh);
    }

    private static NativeHistogram nativeHistogram(Random r) {
        boolean integer = r.nextBoolean();
        int[][] spans = new int[2][];
        double[][] counts = new double[2][];
        for (int side = 0; side < 2; side++) {
            int n = r.nextInt(4);
            spans[side] = new int[2 * n];
            int buckets = 0;
            for (int i = 0; i < n; i++) {
                spans[side][2 * i] = r.nextInt(-5, 6);
                spans[side][2 * i + 1] = 1 + r.nextInt(4);
                buckets += spans[side][2 * i + 1];
            }
            counts[side] = new double[buckets];
            for (int i = 0; i < buckets; i++) {
                counts[side][i] = integer ? r.nextInt(1_000_000) : (r.nextInt(5) == 0 ? value(r) : r.nextDouble() * 100);
            }
        }
        if (counts[0].length == 0 && counts[1].length == 0) {
            integer = true; // with no buckets there is nothing to tell float counts by
        }
        List<Exemplar> exemplars = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            exemplars.add(exemplar(r, true));
        }
        double zeroThreshold = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> 2.938735877055719e-39;
            default -> r.nextDouble() * 1e-3;
        };
        return new NativeHistogram(r.nextInt(-4, 9), zeroThreshold, count(r), spans[0], counts[0], spans[1],
                counts[1], integer, exemplars);
    }

    private static Exemplar exemplar(Random r, boolean withTimestamp) {
        Labels l = r.nextBoolean() ? Labels.of("trace_id", Long.toHexString(r.nextLong())) : labels(r, 3);
        long ts = withTimestamp || r.nextBoolean() ? timestampMs(r) : Metric.NO_TIMESTAMP;
        return new Exemplar(l, value(r), ts);
    }

    private static Labels labels(Random r, int max) {
        Labels.Builder b = Labels.builder();
        for (int i = r.nextInt(max + 1); i > 0; i--) {
            b.tryAdd(labelName(r), text(r, 0));
        }
        return b.build();
    }

    /** Any double, special values included. */
    private static double value(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> r.nextBoolean() ? -0.0 : 0.0;
            case 3 -> Double.longBitsToDouble(r.nextLong());
            case 4 -> r.nextInt(100);
            default -> r.nextGaussian() * Math.pow(10, r.nextInt(-5, 10));
        };
    }

    /** A count protobuf can carry: a uint64 when whole and below 2^63, a positive double otherwise. */
    private static double count(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000);
            case 2 -> (double) (r.nextLong() >>> 11);
            case 3 -> 0x1p63 * (1 + r.nextInt(1000));
            case 4 -> Double.POSITIVE_INFINITY;
            default -> 0.001 + r.nextDouble() * 1000;
        };
    }

    private static long timestampMs(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> 1_700_000_000_000L + r.nextInt(1_000_000);
            case 1 -> r.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
            default -> r.nextLong(-100_000, 100_000);
        };
    }

    /** NaN or a creation time in whole milliseconds. */
    private static double created(Random r) {
        return r.nextBoolean() ? Double.NaN : r.nextLong(-4_000_000_000_000L, 4_102_444_800_000L) / 1000.0;
    }

    private static String metricName(Random r) {
        String first = "abcxyzABC_:";
        String rest = "abcxyzABC_:0189";
        StringBuilder sb = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
        for (int i = r.nextInt(20); i > 0; i--) {
            sb.append(rest.charAt(r.nextInt(rest.length())));
        }
        return sb.toString();
    }

    private static String labelName(Random r) {
        String first = "abcxyzABC_";
        String rest = "abcxyzABC_0189";
        StringBuilder sb = new StringBuilder(r.nextInt(8) == 0 ? "__" : "")
                .append(first.charAt(r.nextInt(first.length())));
        for (int i = r.nextInt(10); i > 0; i--) {
            sb.append(rest.charAt(r.nextInt(rest.length())));
        }
        return sb.toString();
    }

    private static String text(Random r, int minLength) {
        StringBuilder sb = new StringBuilder();
        for (int i = minLength + r.nextInt(12); i > 0; i--) {
            sb.append(TEXT_UNITS[r.nextInt(TEXT_UNITS.length)]);
        }
        return sb.toString();
    }
}
