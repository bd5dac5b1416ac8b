package io.ferry.remotewrite.internal;

import io.ferry.config.RelabelConfigReader;
import io.ferry.model.Labels;
import io.ferry.model.LabelFields;
import io.ferry.relabel.Relabeler;
import io.ferry.remotewrite.oracle.RemoteWriteProto;
import io.ferry.remotewrite.queue.QueueRecord;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordEncoderTest {
    private final SendStats stats = new SendStats(seconds -> { });

    static RemoteWriteProto.WriteRequest decode(QueueRecord r) throws Exception {
        return RemoteWriteProto.WriteRequest.parseFrom(Snappy.uncompress(r.body()));
    }

    static Map<String, String> labels(RemoteWriteProto.TimeSeries ts) {
        Map<String, String> m = new LinkedHashMap<>();
        ts.getLabelsList().forEach(l -> m.put(l.getName(), l.getValue()));
        return m;
    }

    private static List<QueueRecord> encode(RecordEncoder e, Labels... series) {
        long[] ts = new long[series.length];
        double[] values = new double[series.length];
        for (int i = 0; i < series.length; i++) {
            ts[i] = 1_000L + i;
            values[i] = i;
        }
        return e.encode(42, series, null, ts, values, series.length, new SendStats(s -> { }));
    }

    /** The series as a scrape appends them: label fields, one array each, no label sets. */
    static EncodedSeries encoded(Labels... series) {
        byte[][] fields = new byte[series.length][];
        int[] lengths = new int[series.length];
        for (int i = 0; i < series.length; i++) {
            fields[i] = LabelFields.of(series[i]);
            lengths[i] = fields[i].length;
        }
        return new EncodedSeries(fields, new int[series.length], lengths);
    }

    @Test
    void samplesAreCutIntoRequestsOfAtMostMaxSamplesPerSendInOrder() throws Exception {
        RecordEncoder e = new RecordEncoder(Relabeler.of(List.of()), Labels.EMPTY, 2);
        Labels[] series = new Labels[5];
        for (int i = 0; i < 5; i++) {
            series[i] = Labels.of("__name__", "m", "i", Integer.toString(i));
        }
        List<QueueRecord> records = encode(e, series);
        assertThat(records).extracting(QueueRecord::sampleCount).containsExactly(2, 2, 1);
        assertThat(records).extracting(QueueRecord::shardKey).containsOnly(42L);
        assertThat(records).extracting(QueueRecord::maxTimestampMs).containsExactly(1_001L, 1_003L, 1_004L);
        List<String> order = new ArrayList<>();
        for (QueueRecord r : records) {
            for (RemoteWriteProto.TimeSeries ts : decode(r).getTimeseriesList()) {
                order.add(labels(ts).get("i") + "@" + ts.getSamples(0).getTimestamp() + "=" + ts.getSamples(0).getValue());
            }
        }
        assertThat(order).containsExactly("0@1000=0.0", "1@1001=1.0", "2@1002=2.0", "3@1003=3.0", "4@1004=4.0");
        assertThat(encode(e)).isEmpty();
    }

    @Test
    void externalLabelsAreAddedOnlyWhereTheSeriesLacksThem() throws Exception {
        RecordEncoder e = new RecordEncoder(Relabeler.of(List.of()),
                Labels.of("cluster", "eu-1", "replica", "a", "zone", "z"), 10);
        List<QueueRecord> records = encode(e,
                Labels.of("__name__", "up", "job", "api"),
                Labels.of("__name__", "up", "job", "db", "cluster", "own"),
                Labels.of("__name__", "up", "aaa", "first", "replica", ""));
        List<RemoteWriteProto.TimeSeries> ts = decode(records.getFirst()).getTimeseriesList();
        assertThat(labels(ts.get(0))).containsExactly(Map.entry("__name__", "up"), Map.entry("cluster", "eu-1"),
                Map.entry("job", "api"), Map.entry("replica", "a"), Map.entry("zone", "z"));
        assertThat(labels(ts.get(1))).containsExactly(Map.entry("__name__", "up"), Map.entry("cluster", "own"),
                Map.entry("job", "db"), Map.entry("replica", "a"), Map.entry("zone", "z"));
        // An empty value is an absent label, so the external one fills it; names stay sorted on the wire.
        assertThat(labels(ts.get(2))).containsExactly(Map.entry("__name__", "up"), Map.entry("aaa", "first"),
                Map.entry("cluster", "eu-1"), Map.entry("replica", "a"), Map.entry("zone", "z"));


        // Given as label fields, the series get the same labels, merged byte by byte.
        Labels[] series = {Labels.of("__name__", "up", "job", "api"), Labels.of("__name__", "up", "job", "db", "cluster", "own"),
                Labels.of("__name__", "up", "aaa", "first", "replica", ""), Labels.of("zzz", "last", "a", "b")};
        List<QueueRecord> viaFields = e.encode(42, new Labels[4], encoded(series), new long[] {1000, 1001, 1002, 1003},
                new double[] {0, 1, 2, 3}, 4, stats);
        List<RemoteWriteProto.TimeSeries> fromFields = decode(viaFields.getFirst()).getTimeseriesList();
        assertThat(fromFields.subList(0, 3)).isEqualTo(ts);
        assertThat(labels(fromFields.get(3))).containsExactly(Map.entry("a", "b"), Map.entry("cluster", "eu-1"),
                Map.entry("replica", "a"), Map.entry("zone", "z"), Map.entry("zzz", "last"));
    }

    @Test
    void writeRelabelingRewritesAndDropsBeforeEncodingAndCountsTheDropped() throws Exception {
        Relabeler r = Relabeler.of(RelabelConfigReader.parse("""
                relabel_configs:
                  - source_labels: [__name__]
                    regex: go_.*
                    action: drop
                  - target_label: team
                    replacement: infra
                """, "t.yml"));
        RecordEncoder e = new RecordEncoder(r, Labels.of("cluster", "eu-1"), 10);
        Labels[] series = {Labels.of("__name__", "go_goroutines"), Labels.of("__name__", "up", "job", "a"),
                Labels.of("__name__", "go_threads")};
        List<QueueRecord> records = e.encode(7, series, null, new long[] {1, 2, 3}, new double[] {1, 2, 3}, 3, stats);
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().sampleCount()).isEqualTo(1);
        assertThat(records.getFirst().maxTimestampMs()).isEqualTo(2);
        assertThat(labels(decode(records.getFirst()).getTimeseries(0))).containsExactly(Map.entry("__name__", "up"),
                Map.entry("cluster", "eu-1"), Map.entry("job", "a"), Map.entry("team", "infra"));
        assertThat(stats.droppedByRelabel.sum()).isEqualTo(2);

        // Given as label fields the bytes are the same, every time.
        for (int round = 0; round < 2; round++) {
            List<QueueRecord> viaFields = e.encode(7, new Labels[3], encoded(series), new long[] {1, 2, 3},
                    new double[] {1, 2, 3}, 3, stats);
            assertThat(viaFields).hasSize(1);
            assertThat(decode(viaFields.getFirst())).isEqualTo(decode(records.getFirst()));
        }
        assertThat(stats.droppedByRelabel.sum()).isEqualTo(6);

        // Another encoder (a reloaded remote_write) applies its own rules, not the first one's.
        RecordEncoder plain = new RecordEncoder(Relabeler.of(List.of()), Labels.EMPTY, 10);
        List<QueueRecord> other = plain.encode(7, new Labels[3], encoded(series), new long[] {1, 2, 3},
                new double[] {1, 2, 3}, 3, stats);
        assertThat(other.getFirst().sampleCount()).isEqualTo(3);
        assertThat(labels(decode(other.getFirst()).getTimeseries(1))).containsExactly(Map.entry("__name__", "up"),
                Map.entry("job", "a"));
    }

    /** As in Prometheus: dropping the HA replica label, or keeping one region, names external labels. */
    @Test
    void writeRelabelingSeesTheExternalLabelsAndMayChangeOrDropThem() throws Exception {
        Relabeler r = Relabeler.of(RelabelConfigReader.parse("""
                relabel_configs:
                  - {action: labeldrop, regex: replica}
                  - {source_labels: [region], regex: eu, action: keep}
                  - {source_labels: [cluster], target_label: site}
                """, "t.yml"));
        RecordEncoder e = new RecordEncoder(r, Labels.of("cluster", "c1", "region", "eu", "replica", "r1"), 10);
        Labels[] series = {Labels.of("__name__", "up", "job", "a"), Labels.of("__name__", "up", "job", "b", "region", "us"),
                Labels.of("__name__", "up", "job", "c", "replica", "")};
        for (EncodedSeries given : java.util.Arrays.asList(null, encoded(series))) {
            List<QueueRecord> records = e.encode(7, given == null ? series : new Labels[3], given, new long[] {1, 2, 3},
                    new double[] {1, 2, 3}, 3, stats);
            List<RemoteWriteProto.TimeSeries> sent = decode(records.getFirst()).getTimeseriesList();
            assertThat(sent).hasSize(2);
            assertThat(labels(sent.get(0))).containsExactly(Map.entry("__name__", "up"), Map.entry("cluster", "c1"),
                    Map.entry("job", "a"), Map.entry("region", "eu"), Map.entry("site", "c1"));
            assertThat(labels(sent.get(1)).get("job")).isEqualTo("c");
            assertThat(labels(sent.get(1))).doesNotContainKey("replica");
        }
        assertThat(stats.droppedByRelabel.sum()).as("the series whose own region is us, twice").isEqualTo(2);
    }

    @Test
    void writeRelabelingThatMakesTwoSeriesOneSendsTheFirstAndCountsTheRest() throws Exception {
        Relabeler r = Relabeler.of(RelabelConfigReader.parse("""
                relabel_configs:
                  - action: labeldrop
                    regex: pod
                """, "t.yml"));
        RecordEncoder e = new RecordEncoder(r, Labels.EMPTY, 10);
        Labels[] series = {Labels.of("__name__", "m", "pod", "a"), Labels.of("__name__", "m", "pod", "b"),
                Labels.of("__name__", "n", "pod", "a")};
        long[] times = {1000, 1000, 1000};
        double[] values = {1, 2, 3};
        for (EncodedSeries given : java.util.Arrays.asList(null, encoded(series))) {
            List<QueueRecord> records = e.encode(7, given == null ? series : new Labels[3], given, times, values, 3, stats);
            // A receiver may refuse a whole request that gives m twice at one time: the first goes.
            List<RemoteWriteProto.TimeSeries> sent = decode(records.getFirst()).getTimeseriesList();
            assertThat(sent).extracting(ts -> labels(ts).get("__name__") + "=" + ts.getSamples(0).getValue())
                    .containsExactly("m=1.0", "n=3.0");
        }
        assertThat(stats.droppedAsDuplicate.sum()).isEqualTo(2);
        assertThat(stats.droppedByRelabel.sum()).isZero();

        // The same series at different times is no duplicate.
        List<QueueRecord> twoTimes = e.encode(7, new Labels[] {series[0], series[1]}, null, new long[] {1000, 2000},
                new double[] {1, 2}, 2, stats);
        assertThat(twoTimes.getFirst().sampleCount()).isEqualTo(2);
        assertThat(stats.droppedAsDuplicate.sum()).isEqualTo(2);
    }
}
