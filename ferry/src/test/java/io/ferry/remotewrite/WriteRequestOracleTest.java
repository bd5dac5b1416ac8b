package io.ferry.remotewrite;

import io.ferry.wire.ByteSink;
import io.ferry.model.Labels;
import io.ferry.model.MetricType;
import io.ferry.remotewrite.oracle.RemoteWriteProto;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks {@link WriteRequestEncoder} against protobuf-java's classes generated from
 * {@code src/test/protobuf/prometheus/remote_write.proto}: the oracle parses what the encoder
 * writes to the same series, and, since both write fields in number order and leave proto3
 * defaults out, the bytes are the same as the oracle's own.
 */
class WriteRequestOracleTest {
    private static final long SEED = 0x5eed_2e30L;
    private static final double[] SPECIAL = {
        Double.NaN, WriteRequestEncoder.STALE_NAN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, -42.5,
    };

    /** One series as the test built it: name, labels, samples. */
    private record Series(String name, Labels labels, double[] values, long[] timestamps) {
    }

    @Test
    void randomSeriesParseBackAndMatchTheOracleBytes() throws Exception {
        Random r = new Random(SEED);
        ByteSink sink = new ByteSink(64);
        WriteRequestEncoder encoder = new WriteRequestEncoder(sink);
        for (int round = 0; round < 200; round++) {
            encoder.reset();
            List<Series> series = new ArrayList<>();
            int n = r.nextInt(40);
            for (int i = 0; i < n; i++) {
                Series s = randomSeries(r);
                series.add(s);
                if (s.values().length == 1 && r.nextBoolean()) {
                    encoder.series(s.name(), s.labels(), s.values()[0], s.timestamps()[0]);
                } else {
                    encoder.series(s.name(), s.labels(), s.values(), s.timestamps(), s.values().length);
                }
            }
            RemoteWriteProto.WriteRequest expected = oracle(series);
            byte[] written = sink.toByteArray();

            RemoteWriteProto.WriteRequest parsed = RemoteWriteProto.WriteRequest.parseFrom(written);
            assertThat(parsed).isEqualTo(expected);
            assertRawValueBits(parsed, series);
            assertThat(written).isEqualTo(expected.toByteArray());
            assertThat(encoder.seriesCount()).isEqualTo(n);
            assertThat(encoder.sampleCount()).isEqualTo(series.stream().mapToInt(s -> s.values().length).sum());
        }
    }

    @Test
    void staleMarkerKeepsItsExactBitPattern() throws Exception {
        ByteSink sink = new ByteSink(16);
        WriteRequestEncoder encoder = new WriteRequestEncoder(sink);
        encoder.series("up", Labels.of("job", "a"), new double[] {1, WriteRequestEncoder.STALE_NAN},
                new long[] {1_000, 2_000}, 2);
        RemoteWriteProto.Sample stale = RemoteWriteProto.WriteRequest.parseFrom(sink.toByteArray())
                .getTimeseries(0).getSamples(1);
        assertThat(Double.doubleToRawLongBits(stale.getValue())).isEqualTo(0x7ff0000000000002L);
        assertThat(stale.getTimestamp()).isEqualTo(2_000);
    }

    @Test
    void nameSortsBetweenUpperAndLowerCaseLabels() throws Exception {
        ByteSink sink = new ByteSink(16);
        WriteRequestEncoder encoder = new WriteRequestEncoder(sink);
        encoder.series("m", Labels.of("zone", "z", "Area", "A", "_a", "x", "a", "b", "empty", ""), 1, 5);
        List<String> names = RemoteWriteProto.WriteRequest.parseFrom(sink.toByteArray()).getTimeseries(0)
                .getLabelsList().stream().map(RemoteWriteProto.Label::getName).toList();
        assertThat(names).containsExactly("Area", "__name__", "_a", "a", "zone");
    }

    @Test
    void labelsThatHoldTheNameAlreadyAreWrittenAsTheyAre() throws Exception {
        ByteSink sink = new ByteSink(16);
        WriteRequestEncoder encoder = new WriteRequestEncoder(sink);
        encoder.series(Labels.of("__name__", "up", "job", "j"), 1, 7);
        RemoteWriteProto.TimeSeries ts = RemoteWriteProto.WriteRequest.parseFrom(sink.toByteArray()).getTimeseries(0);
        assertThat(ts.getLabels(0).getValue()).isEqualTo("up");
        assertThat(ts.getLabels(1).getName()).isEqualTo("job");

        assertThatThrownBy(() -> encoder.series("up", Labels.of("__name__", "up"), 1, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__name__");
    }

    @Test
    void samplesOutOfTimestampOrderAreRefused() {
        WriteRequestEncoder encoder = new WriteRequestEncoder(new ByteSink(16));
        assertThatThrownBy(() -> encoder.series("m", Labels.EMPTY, new double[] {1, 2}, new long[] {20, 10}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20 then 10");
        assertThat(encoder.size()).isZero();
    }

    @Test
    void metadataAfterTheSeriesMatchesTheOracle() throws Exception {
        ByteSink sink = new ByteSink(16);
        WriteRequestEncoder encoder = new WriteRequestEncoder(sink);
        encoder.series("http_requests_total", Labels.of("code", "200"), 3, 1_700_000_000_000L);
        for (MetricType type : MetricType.values()) {
            encoder.metadata(type, "fam_" + type.name().toLowerCase(), type == MetricType.GAUGE ? null : "Help ✓ \"q\"",
                    type == MetricType.COUNTER ? "seconds" : null);
        }
        RemoteWriteProto.WriteRequest.Builder expected = RemoteWriteProto.WriteRequest.newBuilder()
                .addTimeseries(RemoteWriteProto.TimeSeries.newBuilder()
                        .addLabels(label("__name__", "http_requests_total"))
                        .addLabels(label("code", "200"))
                        .addSamples(RemoteWriteProto.Sample.newBuilder().setValue(3).setTimestamp(1_700_000_000_000L)));
        for (MetricType type : MetricType.values()) {
            RemoteWriteProto.MetricMetadata.Builder m = RemoteWriteProto.MetricMetadata.newBuilder()
                    .setTypeValue(WriteRequestEncoder.metadataType(type))
                    .setMetricFamilyName("fam_" + type.name().toLowerCase());
            if (type != MetricType.GAUGE) {
                m.setHelp("Help ✓ \"q\"");
            }
            if (type == MetricType.COUNTER) {
                m.setUnit("seconds");
            }
            expected.addMetadata(m);
        }
        assertThat(RemoteWriteProto.WriteRequest.parseFrom(sink.toByteArray())).isEqualTo(expected.build());
        assertThat(sink.toByteArray()).isEqualTo(expected.build().toByteArray());
        assertThat(RemoteWriteProto.MetricMetadata.MetricType.forNumber(WriteRequestEncoder.metadataType(MetricType.HISTOGRAM)))
                .isEqualTo(RemoteWriteProto.MetricMetadata.MetricType.HISTOGRAM);
        assertThat(RemoteWriteProto.MetricMetadata.MetricType.forNumber(WriteRequestEncoder.metadataType(MetricType.STATESET)))
                .isEqualTo(RemoteWriteProto.MetricMetadata.MetricType.STATESET);
    }

    @Test
    void snappyBodyDecompressesToTheEncodedRequest() throws Exception {
        Random r = new Random(SEED + 1);
        ByteSink sink = new ByteSink(16);
        WriteRequestEncoder encoder = new WriteRequestEncoder(sink);
        SnappyBody body = new SnappyBody();
        for (int round = 0; round < 3; round++) {
            encoder.reset();
            for (int i = 0; i < 500 * round; i++) {
                Series s = randomSeries(r);
                encoder.series(s.name(), s.labels(), s.values(), s.timestamps(), s.values().length);
            }
            body.compress(sink);
            byte[] compressed = java.util.Arrays.copyOf(body.array(), body.length());
            assertThat(Snappy.isValidCompressedBuffer(compressed)).isTrue();
            assertThat(Snappy.uncompress(compressed)).isEqualTo(sink.toByteArray());
        }
    }

    private static Series randomSeries(Random r) {
        Labels.Builder b = Labels.builder();
        int pairs = r.nextInt(6);
        for (int i = 0; i < pairs; i++) {
            b.tryAdd(randomName(r), r.nextInt(8) == 0 ? "" : randomValue(r));
        }
        int samples = 1 + (r.nextInt(4) == 0 ? r.nextInt(5) : 0);
        double[] values = new double[samples];
        long[] timestamps = new long[samples];
        long t = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -r.nextInt(1_000_000); // before the epoch: a ten-byte varint
            default -> 1_700_000_000_000L + r.nextInt(1_000_000);
        };
        for (int i = 0; i < samples; i++) {
            values[i] = r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian() * 1e6;
            timestamps[i] = t;
            t += 1 + r.nextInt(60_000);
        }
        return new Series("metric_" + randomName(r), b.build(), values, timestamps);
    }

    private static String randomName(Random r) {
        String first = "abcxyzABCZ_";
        String rest = first + "0123456789";
        StringBuilder s = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            s.append(rest.charAt(r.nextInt(rest.length())));
        }
        String name = s.toString();
        return name.equals("__name__") ? "not_name" : name;
    }

    private static String randomValue(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(r.nextInt(10) == 0 ? 300 : 20); // sometimes past 127 bytes: two-byte lengths
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> s.append((char) (0x80 + r.nextInt(0x780)));  // two bytes
                case 1 -> s.append("€→日本");                             // three bytes
                case 2 -> s.appendCodePoint(0x1F600 + r.nextInt(80));     // a surrogate pair, four bytes
                case 3 -> s.append("\"\\\n");
                default -> s.append((char) (' ' + r.nextInt(95)));
            }
        }
        return s.toString();
    }

    /** What the spec says the request holds, built with the generated classes. */
    private static RemoteWriteProto.WriteRequest oracle(List<Series> series) {
        RemoteWriteProto.WriteRequest.Builder request = RemoteWriteProto.WriteRequest.newBuilder();
        for (Series s : series) {
            RemoteWriteProto.TimeSeries.Builder ts = RemoteWriteProto.TimeSeries.newBuilder();
            List<String[]> labels = new ArrayList<>();
            labels.add(new String[] {"__name__", s.name()});
            s.labels().forEach((n, v) -> {
                if (!v.isEmpty()) {
                    labels.add(new String[] {n, v});
                }
            });
            labels.sort((a, b) -> a[0].compareTo(b[0]));
            labels.forEach(l -> ts.addLabels(label(l[0], l[1])));
            for (int i = 0; i < s.values().length; i++) {
                ts.addSamples(RemoteWriteProto.Sample.newBuilder().setValue(s.values()[i]).setTimestamp(s.timestamps()[i]));
            }
            request.addTimeseries(ts);
        }
        return request.build();
    }

    private static RemoteWriteProto.Label label(String name, String value) {
        return RemoteWriteProto.Label.newBuilder().setName(name).setValue(value).build();
    }

    /** Message equality compares doubles by bits already; this names the failing sample if not. */
    private static void assertRawValueBits(RemoteWriteProto.WriteRequest parsed, List<Series> series) {
        for (int i = 0; i < series.size(); i++) {
            for (int j = 0; j < series.get(i).values().length; j++) {
                assertThat(Double.doubleToRawLongBits(parsed.getTimeseries(i).getSamples(j).getValue()))
                        .as("series %d sample %d", i, j)
                        .isEqualTo(Double.doubleToRawLongBits(series.get(i).values()[j]));
            }
        }
    }
}
