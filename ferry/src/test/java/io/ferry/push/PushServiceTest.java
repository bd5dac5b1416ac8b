package io.ferry.push;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.recordfile.FaultyDisk;
import io.ferry.state.DurableGroupStore;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.InMemoryGroupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_500L), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private GroupStore store;
    private PushService push;

    @BeforeEach
    void open() {
        over(new InMemoryGroupStore());
    }

    /** The service over {@code groups}, in place of the store before. */
    private void over(GroupStore groups) {
        if (store != null) {
            store.close();
        }
        store = groups;
        push = new PushService(store, Map.of("process_cpu_seconds_total", MetricType.COUNTER),
                PushService.Options.DEFAULT, CLOCK);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void groupingLabelsGoIntoEverySeriesAndInstanceDefaultsToEmpty() throws Exception {
        GroupingKey key = GroupingKey.parse("/job/backup/host/nas");
        push(key, true, "# TYPE done_total counter\ndone_total{job=\"other\",x=\"1\"} 3\nlast 5\n").join();
        Group g = store.group(key.labels());
        assertThat(g.pushTimeSeconds()).isEqualTo(1_700_000_000.5);
        assertThat(g.families()).extracting(MetricFamily::name).containsExactly("done_total", "last");
        assertThat(g.families().get(0).metrics().get(0).labels())
                .isEqualTo(Labels.of("job", "backup", "host", "nas", "x", "1", "instance", ""));
        push(GroupingKey.parse("/job/etl/instance/a"), true, "m{instance=\"b\"} 1\n").join();
        assertThat(store.group(Labels.of("job", "etl", "instance", "a")).families().getFirst().metrics().getFirst()
                .labels().get("instance")).isEqualTo("a");
    }

    @Test
    void postReplacesOnlyFamiliesOfTheSameName() throws Exception {
        GroupingKey key = GroupingKey.parse("/job/j");
        push(key, true, "a 1\nb 2\n").join();
        push(key, false, "b 3\n").join();
        assertThat(store.group(key.labels()).families()).extracting(MetricFamily::name).containsExactly("a", "b");
        assertThat(((ValueMetric) store.group(key.labels()).families().get(1).metrics().getFirst()).value()).isEqualTo(3);
        push(key, true, "").join();
        assertThat(store.group(key.labels()).families()).isEmpty();
    }

    @Test
    void aBodyThatDoesNotParseIsRefusedAndLeavesNoTrace() throws Exception {
        GroupingKey key = GroupingKey.parse("/job/j");
        assertRefused(push(key, true, "0bad 1\n"), 400, "line 1: invalid metric name \"0bad\"");
        assertThat(store.group(key.labels())).isNull();
    }

    @Test
    void timestampsAndTypeClashesAreRefusedAndSetTheFailureTime() throws Exception {
        GroupingKey a = GroupingKey.parse("/job/a");
        GroupingKey b = GroupingKey.parse("/job/b");
        assertRefused(push(a, true, "m 1 1000\n"), 400, "pushed metrics must not have timestamps");
        assertThat(store.group(a.labels()).pushFailureTimeSeconds()).isEqualTo(1_700_000_000.5);
        push(a, true, "# TYPE m counter\nm 1\n").join();
        assertRefused(push(b, true, "# TYPE m gauge\nm 1\n"), 400,
                "metric family \"m\" is pushed as gauge but another group has it as counter");
        assertThat(store.group(b.labels()).families()).isEmpty();
        assertThat(store.group(b.labels()).lastPushSucceeded()).isFalse();
        // Replacing the only holder of m may change its type.
        push(a, true, "# TYPE m gauge\nm 1\n").join();
        assertRefused(push(b, true, "# TYPE process_cpu_seconds_total gauge\nprocess_cpu_seconds_total 1\n"), 400,
                "but Ferry's own metric has it as counter");
    }

    @Test
    void withTheCheckOffTypeClashesAreStoredAndAnswered202() throws Exception {
        PushService unchecked = new PushService(store, Map.of(), new PushService.Options(false,
                io.ferry.exposition.ParseLimits.DEFAULT), CLOCK);
        assertThat(unchecked.successStatus()).isEqualTo(202);
        GroupingKey a = GroupingKey.parse("/job/a");
        GroupingKey b = GroupingKey.parse("/job/b");
        unchecked.push(a, true, "# TYPE m counter\nm 1\n".getBytes(StandardCharsets.UTF_8), null, null).join();
        unchecked.push(b, true, "# TYPE m gauge\nm 1\n".getBytes(StandardCharsets.UTF_8), null, null).join();
        assertThat(store.group(b.labels()).families().getFirst().type()).isEqualTo(MetricType.GAUGE);
        // What would break every scrape is still refused.
        assertRefused(unchecked.push(b, true, "m 1 1000\n".getBytes(StandardCharsets.UTF_8), null, null), 400,
                "must not have timestamps");
    }

    @Test
    void theCheckSwitchesAtRuntimeAndKeepsFollowingTheStore() throws Exception {
        GroupingKey a = GroupingKey.parse("/job/a");
        GroupingKey b = GroupingKey.parse("/job/b");
        GroupingKey c = GroupingKey.parse("/job/c");
        push(a, true, "# TYPE m counter\nm 1\n").join();
        push.consistencyCheck(false);
        assertThat(push.consistencyCheck()).isFalse();
        assertThat(push.successStatus()).isEqualTo(202);
        push(b, true, "# TYPE m gauge\nm 1\n").join();
        push(c, true, "# TYPE n gauge\nn 1\n").join();

        push.consistencyCheck(true);
        assertThat(push.successStatus()).isEqualTo(200);
        // The check switched on again knows what was stored while it was off.
        assertRefused(push(a, true, "# TYPE n counter\nn 1\n"), 400,
                "metric family \"n\" is pushed as counter but another group has it as gauge");
        assertRefused(push(c, true, "# TYPE m untyped\nm 1\n"), 400, "metric family \"m\"");
        push.delete(b).join();
        push.delete(a).join();
        push(c, true, "# TYPE m summary\nm_sum 1\nm_count 1\n").join();
    }

    @Test
    void wipeRemovesEveryGroupDurablyAndForgetsTheirTypes() throws Exception {
        over(DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT));
        push(GroupingKey.parse("/job/a"), true, "# TYPE m counter\nm 1\n").join();
        push(GroupingKey.parse("/job/b/instance/x"), true, "n 1\n").join();
        push.wipe().join();
        assertThat(store.groups()).isEmpty();
        push(GroupingKey.parse("/job/c"), true, "# TYPE m gauge\nm 1\n").join();
        store.close();
        store = DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT);
        assertThat(store.groups()).extracting(Group::key).containsExactly(Labels.of("job", "c"));
    }

    @Test
    void aDeletedGroupNoLongerHoldsItsTypes() throws Exception {
        GroupingKey a = GroupingKey.parse("/job/a");
        push(a, true, "# TYPE m counter\nm 1\n").join();
        push.delete(a).join();
        push(GroupingKey.parse("/job/b"), true, "# TYPE m gauge\nm 1\n").join();
    }

    @Test
    void reservedLabelsAndSeriesMadeDuplicateByGroupingAreRefused() throws Exception {
        GroupingKey key = GroupingKey.parse("/job/j");
        assertRefused(push(key, true, "m{__x=\"1\"} 1\n"), 400, "label name \"__x\" of metric family \"m\" is reserved");
        assertRefused(push(key, true, "m{job=\"a\"} 1\nm{job=\"b\"} 1\n"), 400,
                "appears twice once the grouping labels are applied");
    }

    /**
     * A summary's series with a quantile label, or a histogram's with le, would be served with that
     * label twice, and Prometheus refuses the whole scrape then. Protobuf can say it; a grouping key
     * can add it to a text push.
     */
    @Test
    void aLabelTheSamplesOfASummaryOrHistogramCarryIsRefused() throws Exception {
        String proto = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
        byte[] summary = io.ferry.exposition.ProtobufWriter.INSTANCE.toBytes(java.util.List.of(new MetricFamily("s",
                MetricType.SUMMARY, "S.", null, java.util.List.of(new io.ferry.model.SummaryMetric(Labels.of("quantile",
                        "0.5"), new double[] {0.5}, new double[] {1}, 1, 1, io.ferry.model.Metric.NO_TIMESTAMP, Double.NaN)))));
        assertRefused(push.push(GroupingKey.parse("/job/s"), true, summary, proto, null), 400,
                "metric family \"s\" is a summary, whose samples carry the label \"quantile\" themselves");
        byte[] histogram = io.ferry.exposition.ProtobufWriter.INSTANCE.toBytes(java.util.List.of(new MetricFamily("h",
                MetricType.HISTOGRAM, "H.", null, java.util.List.of(io.ferry.model.HistogramMetric.of(Labels.of("le", "1"),
                        new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1, 1}, 1, 1)))));
        assertRefused(push.push(GroupingKey.parse("/job/h"), true, histogram, proto, null), 400,
                "metric family \"h\" is a histogram, whose samples carry the label \"le\" themselves");
        assertRefused(push(GroupingKey.parse("/job/k/quantile/x"), true, "# TYPE t summary\nt_sum 1\nt_count 1\n"), 400,
                "metric family \"t\" is a summary, whose samples carry the label \"quantile\"");
        // As any inconsistent push: the groups hold nothing but the failure's time.
        assertThat(store.groups()).hasSize(3).allSatisfy(g -> {
            assertThat(g.families()).isEmpty();
            assertThat(g.pushFailureTimeSeconds()).isPositive();
        });
        // Elsewhere they are labels like any other.
        push(GroupingKey.parse("/job/k/quantile/x"), true, "g{le=\"1\"} 1\n").join();
        assertThat(store.group(Labels.of("job", "k", "quantile", "x"))).isNotNull();
    }

    @Test
    void seriesMadeDuplicateByInstanceOrGivenTwiceInProtobufAreRefusedToo() throws Exception {
        // No instance in the key: a series without one gets instance="", as another has it already.
        assertRefused(push(GroupingKey.parse("/job/j"), true, "m 1\nm{instance=\"\"} 2\n"), 400,
                "series m{instance=\"\",job=\"j\"} appears twice once the grouping labels are applied");
        // A label the key also has, with the key's value already: the other series gains it.
        assertRefused(push(GroupingKey.parse("/job/j/instance/i"), true, "m{job=\"j\"} 1\nm 2\n"), 400,
                "appears twice once the grouping labels are applied");
        // Protobuf keeps a series given twice; no label of it is replaced, and it is still refused.
        byte[] twice = io.ferry.exposition.ProtobufWriter.INSTANCE.toBytes(java.util.List.of(new MetricFamily("p",
                MetricType.GAUGE, "P.", null, java.util.List.of(ValueMetric.of(Labels.of("a", "1"), 4),
                        ValueMetric.of(Labels.of("a", "1"), 5)))));
        assertRefused(push.push(GroupingKey.parse("/job/p"), true, twice,
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", null),
                400, "series p{a=\"1\",instance=\"\",job=\"p\"} appears twice");
        // Distinct series with labels of their own keep them, beside the key's.
        push(GroupingKey.parse("/job/ok"), true, "m{instance=\"own\",x=\"1\"} 1\nm{x=\"1\"} 2\nm{job=\"other\"} 3\n").join();
        assertThat(store.group(Labels.of("job", "ok")).families().getFirst().metrics()).extracting(io.ferry.model.Metric::labels)
                .containsExactlyInAnyOrder(Labels.of("instance", "own", "job", "ok", "x", "1"),
                        Labels.of("instance", "", "job", "ok", "x", "1"), Labels.of("instance", "", "job", "ok"));
    }

    @Test
    void aSeriesGivenTwiceIsInconsistentAndRecordsTheFailure() throws Exception {
        // As in the Pushgateway: the group is created with its failure time, not refused unparsed.
        GroupingKey key = GroupingKey.parse("/job/twice");
        assertRefused(push(key, true, "a{x=\"1\"} 1\na{x=\"1\"} 2\n"), 400,
                "pushed metrics are invalid or inconsistent with existing metrics: line 2: duplicate series a{x=\"1\"}");
        assertThat(store.group(key.labels()).pushFailureTimeSeconds()).isEqualTo(1_700_000_000.5);
    }

    @Test
    void aSeriesAnotherGroupHoldsIsRefused() throws Exception {
        push(GroupingKey.parse("/job/j/instance/a"), true, "m 1\nn 1\n").join();
        GroupingKey jobOnly = GroupingKey.parse("/job/j");
        assertRefused(push(jobOnly, true, "m{instance=\"a\"} 2\n"), 400,
                "series m{instance=\"a\",job=\"j\"} is already pushed by group {instance=\"a\",job=\"j\"}");
        assertThat(store.group(jobOnly.labels()).pushFailureTimeSeconds()).isEqualTo(1_700_000_000.5);
        // Another instance, another family, or the same group again: no clash.
        push(jobOnly, true, "m{instance=\"b\"} 2\nx{instance=\"a\"} 1\n").join();
        push(GroupingKey.parse("/job/j/instance/a"), false, "m 3\n").join();
        // The reverse direction: the keyed group meets the series the job-only group holds.
        assertRefused(push(GroupingKey.parse("/job/j/instance/b"), true, "m 1\n"), 400,
                "is already pushed by group {job=\"j\"}");
        push.delete(jobOnly).join();
        push(GroupingKey.parse("/job/j/instance/b"), true, "m 1\n").join();
    }

    @Test
    void aGroupDifferingFromAnotherOnlyByAnEmptyInstanceIsNotCreated() throws Exception {
        push(GroupingKey.parse("/job/a"), true, "x 1\n").join();
        GroupingKey twin = GroupingKey.parse("/job/a/instance@base64/=");
        assertRefused(push(twin, true, "y 1\n"), 400, "group {instance=\"\",job=\"a\"} would serve the same "
                + "push_time_seconds series as group {job=\"a\"}");
        assertThat(store.group(twin.labels())).as("not even for the failure time").isNull();
        push.delete(GroupingKey.parse("/job/a")).join();
        push(twin, true, "y 1\n").join();
        assertRefused(push(GroupingKey.parse("/job/a"), false, "x 1\n"), 400, "as group {instance=\"\",job=\"a\"}");
    }

    @Test
    void aProtobufFamilyOfOverAMebibyteIsOneMessageAndIsTaken() throws Exception {
        // Go's and Java's clients send a family as one delimited message; the Pushgateway bounds the body alone.
        java.util.List<io.ferry.model.Metric> series = new java.util.ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            series.add(ValueMetric.of(Labels.of("shard", "shard-with-a-long-name-" + i), i));
        }
        byte[] body = io.ferry.exposition.ProtobufWriter.INSTANCE.toBytes(java.util.List.of(
                new MetricFamily("rows", MetricType.GAUGE, "Rows.", null, series)));
        assertThat(body.length).isGreaterThan(1 << 20);
        push.push(GroupingKey.parse("/job/big"), true, body,
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", null).join();
        assertThat(store.group(Labels.of("job", "big")).families().getFirst().metrics()).hasSize(40_000);
    }

    @Test
    void aFamilyNamedLikeTheSeriesOfAnotherGroupsSummaryIsRefused() throws Exception {
        push(GroupingKey.parse("/job/a"), true, "# TYPE rpc summary\nrpc_sum 1\nrpc_count 2\n").join();
        assertRefused(push(GroupingKey.parse("/job/b"), true, "rpc_count 1\n"), 400,
                "metric family \"rpc_count\" (untyped) collides with the series of summary \"rpc\"");
        push(GroupingKey.parse("/job/b"), true, "rpc_bucket 1\nlat_bucket 1\n").join();
        assertRefused(push(GroupingKey.parse("/job/c"), true, "# TYPE lat histogram\nlat_bucket{le=\"+Inf\"} 1\n"
                + "lat_sum 1\nlat_count 1\n"), 400,
                "metric family \"lat_bucket\" (untyped) collides with the series of histogram \"lat\"");
        assertRefused(push(GroupingKey.parse("/job/c"), true, "# TYPE rpc_bucket summary\nrpc_bucket_sum 1\n"
                + "rpc_bucket_count 1\n"), 400, "is pushed as summary but another group has it as untyped");
        push(GroupingKey.parse("/job/b"), false, "q_sum 1\n").join();
        assertRefused(push(GroupingKey.parse("/job/c"), true, "# TYPE q summary\nq_sum 1\nq_count 1\n"), 400,
                "metric family \"q_sum\" (untyped) collides with the series of summary \"q\"");
        // Replacing the summary's own group frees the names, and it holds even with the type check off.
        push(GroupingKey.parse("/job/a"), true, "rpc_count 5\n").join();
        PushService unchecked = new PushService(store, Map.of(), new PushService.Options(false,
                io.ferry.exposition.ParseLimits.DEFAULT), CLOCK);
        assertRefused(unchecked.push(GroupingKey.parse("/job/d"), true,
                "# TYPE rpc summary\nrpc_count 1\nrpc_sum 1\n".getBytes(StandardCharsets.UTF_8), null, null),
                400, "metric family \"rpc_count\" (untyped) collides with the series of summary \"rpc\"");
    }

    @Test
    void gzipAndProtobufBodiesAreAccepted() throws Exception {
        GroupingKey key = GroupingKey.parse("/job/j");
        byte[] proto = io.ferry.exposition.ProtobufWriter.INSTANCE.toBytes(java.util.List.of(new MetricFamily("p",
                MetricType.GAUGE, "P.", null, java.util.List.of(ValueMetric.of(Labels.EMPTY, 4)))));
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(proto);
        }
        push.push(key, true, out.toByteArray(),
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                "gzip").join();
        assertThat(store.group(key.labels()).families().getFirst().help()).isEqualTo("P.");
    }

    /** The service with limits: 2 groups, 5 series stored, 3 series per push. */
    private PushService limited(java.util.List<String> refusals) {
        PushService p = new PushService(store, Map.of(), new PushService.Options(true,
                io.ferry.exposition.ParseLimits.DEFAULT, new PushLimits(3, 128, 1024, 1024, 2, 5)), CLOCK);
        p.observeLimits(refusals::add);
        return p;
    }

    @Test
    void storeWideLimitsRefuseGrowthOnly() throws Exception {
        java.util.List<String> refusals = new java.util.ArrayList<>();
        PushService p = limited(refusals);
        GroupingKey a = GroupingKey.parse("/job/a");
        GroupingKey b = GroupingKey.parse("/job/b");
        GroupingKey c = GroupingKey.parse("/job/c");
        p.push(a, true, "x 1\ny 2\nz 3\n".getBytes(StandardCharsets.UTF_8), null, null).join();
        p.push(b, true, "x 1\n".getBytes(StandardCharsets.UTF_8), null, null).join();
        assertThat(store.seriesCount()).isEqualTo(4);

        // A third group: refused, and not even created for its failure time.
        assertRefused(p.push(c, true, "x 1\n".getBytes(StandardCharsets.UTF_8), null, null), 400,
                "push refused: Ferry holds 2 groups, the limit (push.limits.max_groups)");
        assertThat(store.group(c.labels())).isNull();

        // Growing b to 3 series would store 6: refused, b unchanged but its failure time set.
        assertRefused(p.push(b, true, "x 1\ny 2\nz 3\n".getBytes(StandardCharsets.UTF_8), null, null), 400,
                "push refused: it would bring the series stored to 6, over the limit of 5 (push.limits.max_series)");
        assertThat(store.group(b.labels()).seriesCount()).isEqualTo(1);
        // The test clock stamps the failure in the millisecond of b's success: it is placed 1 ms after it.
        assertThat(store.group(b.labels()).pushFailureTimeSeconds()).isEqualTo(1_700_000_000.501);
        // A POST counts the families it keeps: b's x plus y and w would also make 6.
        assertRefused(p.push(b, false, "y 2\nw 3\n".getBytes(StandardCharsets.UTF_8), null, null), 400,
                "series stored to 6");
        // ...while one that replaces x with two families fits exactly.
        p.push(b, false, "x 5\n".getBytes(StandardCharsets.UTF_8), null, null).join();
        p.push(b, true, "y 2\nw 3\n".getBytes(StandardCharsets.UTF_8), null, null).join();
        assertThat(store.seriesCount()).isEqualTo(5);
        assertThat(refusals).containsExactly("max_groups", "max_series", "max_series");

        // Deleting makes room again.
        p.delete(a).join();
        assertThat(store.seriesCount()).isEqualTo(2);
        p.push(c, true, "x 1\n".getBytes(StandardCharsets.UTF_8), null, null).join();
    }

    @Test
    void aGroupingKeyOverTheLabelLimitsIsRefusedWithoutATrace() throws Exception {
        java.util.List<String> refusals = new java.util.ArrayList<>();
        PushService p = new PushService(store, Map.of(), new PushService.Options(true,
                io.ferry.exposition.ParseLimits.DEFAULT, new PushLimits(100, 3, 8, 10, 100, 1000)), CLOCK);
        p.observeLimits(refusals::add);
        GroupingKey longName = GroupingKey.parse("/job/a/labelname_is_long/x");
        assertRefused(p.push(longName, true, "x 1\n".getBytes(StandardCharsets.UTF_8), null, null), 400,
                "push refused: label name \"labelname_is_long\" of the grouping key is 17 bytes long, over the limit "
                        + "of 8 (push.limits.max_label_name_length)");
        // instance="" counts: job, a and instance make 3; one more is over.
        GroupingKey many = GroupingKey.parse("/job/a/b/1/c/2");
        assertRefused(p.push(many, true, "x 1\n".getBytes(StandardCharsets.UTF_8), null, null), 400,
                "push refused: the grouping key has 4 labels, over the limit of 3 (push.limits.max_labels_per_series)");
        // Even a body that does not parse leaves no group behind such a key.
        assertRefused(p.push(longName, true, "x{ 1\n".getBytes(StandardCharsets.UTF_8), null, null), 400,
                "max_label_name_length");
        assertThat(store.groups()).isEmpty();
        assertThat(refusals).containsExactly("max_label_name_length", "max_labels_per_series", "max_label_name_length");
    }

    /**
     * A series with more labels than the parser takes is the push limit's refusal, as one with more
     * than the limit once the grouping labels are added: named, counted, and its failure recorded.
     */
    @Test
    void aBodySeriesPastTheParsersLabelBoundIsTheLabelLimitsRefusal() throws Exception {
        java.util.List<String> refusals = new java.util.ArrayList<>();
        PushService p = new PushService(store, Map.of(), new PushService.Options(true,
                new io.ferry.exposition.ParseLimits(1 << 20, 1 << 20, 8), new PushLimits(100, 8, 64, 64, 100, 1000)),
                CLOCK);
        p.observeLimits(refusals::add);
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            labels.append(i == 0 ? "" : ",").append("l").append(i).append("=\"v\"");
        }
        GroupingKey key = GroupingKey.parse("/job/many");
        assertRefused(p.push(key, true, ("m{" + labels + "} 1\n").getBytes(StandardCharsets.UTF_8), null, null), 400,
                "push refused: line 1: more than 8 labels on one series (push.limits.max_labels_per_series is 8)");
        String proto = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < 20; i++) {
            b.add("l" + i, "v");
        }
        byte[] body = io.ferry.exposition.ProtobufWriter.INSTANCE.toBytes(java.util.List.of(new MetricFamily("p",
                MetricType.GAUGE, "P.", null, java.util.List.of(ValueMetric.of(b.build(), 1)))));
        assertRefused(p.push(key, true, body, proto, null), 400,
                "label count exceeds the limit of 8 labels per series (push.limits.max_labels_per_series is 8)");
        assertThat(refusals).containsExactly("max_labels_per_series", "max_labels_per_series");
        assertThat(store.group(key.labels()).pushFailureTimeSeconds()).isPositive();
    }

    @Test
    void aRefusalByCapacityLeavesTheConsistencyIndexAlone() throws Exception {
        PushService p = limited(new java.util.ArrayList<>());
        p.push(GroupingKey.parse("/job/a"), true, "x 1\n".getBytes(StandardCharsets.UTF_8), null, null).join();
        p.push(GroupingKey.parse("/job/b"), true, "x 1\n".getBytes(StandardCharsets.UTF_8), null, null).join();
        // Refused for capacity: had the type index taken it, a later gauge "k" would clash with it.
        assertRefused(p.push(GroupingKey.parse("/job/c"), true,
                "# TYPE k counter\nk 1\n".getBytes(StandardCharsets.UTF_8), null, null), 400, "max_groups");
        p.push(GroupingKey.parse("/job/b"), true, "# TYPE k gauge\nk 1\n".getBytes(StandardCharsets.UTF_8), null, null)
                .join();
    }

    @Test
    void perPushLimitsRefuseWithTheirKeyAndSetTheFailureTime() throws Exception {
        java.util.List<String> refusals = new java.util.ArrayList<>();
        PushService p = limited(refusals);
        GroupingKey a = GroupingKey.parse("/job/a");
        assertRefused(p.push(a, true, "w 0\nx 1\ny 2\nz 3\n".getBytes(StandardCharsets.UTF_8), null, null), 400,
                "push refused: 4 series in one push, over the limit of 3 (push.limits.max_series_per_push)");
        assertThat(store.group(a.labels()).families()).isEmpty();
        assertThat(store.group(a.labels()).pushFailureTimeSeconds()).isEqualTo(1_700_000_000.5);
        assertThat(refusals).containsExactly("max_series_per_push");
    }

    @Test
    void aBodyPastTheParseLimitIsRefusedWith413AndLeavesNoTrace() throws Exception {
        java.util.List<String> refusals = new java.util.ArrayList<>();
        PushService p = new PushService(store, Map.of(), new PushService.Options(true,
                new io.ferry.exposition.ParseLimits(100, 1 << 20, 128), PushLimits.NONE), CLOCK);
        p.observeLimits(refusals::add);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write("m 1\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(gz.size()).isLessThan(100);
        GroupingKey a = GroupingKey.parse("/job/a");
        assertRefused(p.push(a, true, gz.toByteArray(), null, "gzip"), 413,
                "push refused: the decompressed body is larger than the limit of 100 bytes (push.limits.max_body_bytes)");
        assertThat(store.group(a.labels())).isNull();
        assertThat(refusals).containsExactly("max_body_bytes");
    }

    @Test
    void whileTheDiskFailsPushesAndDeletesGet503AndWhatTheFailedWriteCheckedIsForgotten() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        over(DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200)), disk));
        GroupingKey a = GroupingKey.parse("/job/a");
        GroupingKey b = GroupingKey.parse("/job/b");
        disk.failWrites("No space left on device");
        assertRefused(push(a, true, "# TYPE m gauge\nm 1\n"), 503, "storing the push failed: No space left on device");
        assertRefused(push.delete(b), 503, "storing the delete failed: the push store cannot write its log");
        disk.heal();
        for (long deadline = System.nanoTime() + 10_000_000_000L; !store.healthy() && System.nanoTime() < deadline; ) {
            Thread.sleep(5);
        }
        assertThat(store.healthy()).as("recovered within 10 s").isTrue();
        assertThat(store.group(a.labels())).isNull();
        // The consistency check had counted m as a gauge of group a: the failed write took that back.
        push(b, true, "# TYPE m counter\nm 2\n").join();
        assertThat(store.group(b.labels()).families().getFirst().type()).isEqualTo(MetricType.COUNTER);
    }

    private CompletableFuture<Void> push(GroupingKey key, boolean replace, String body) {
        return push.push(key, replace, body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static void assertRefused(CompletableFuture<Void> f, int status, String message) {
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(PushException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
