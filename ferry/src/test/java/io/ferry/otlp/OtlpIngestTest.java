package io.ferry.otlp;

import io.ferry.exposition.ParseLimits;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.otlp.wire.Attributes;
import io.ferry.otlp.wire.ExportRequest;
import io.ferry.otlp.wire.MetricKind;
import io.ferry.otlp.wire.NumberPoint;
import io.ferry.otlp.wire.OtlpMetric;
import io.ferry.otlp.wire.ResourceMetrics;
import io.ferry.otlp.wire.ScopeMetrics;
import io.ferry.otlp.wire.Temporality;
import io.ferry.push.GroupingKey;
import io.ferry.push.PushLimits;
import io.ferry.push.PushService;
import io.ferry.state.DurableGroupStore;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.Mutation;
import io.ferry.telemetry.DefaultRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OTLP ingest against a real durable store and the push API's checks, without a transport. */
class OtlpIngestTest {
    private static final Labels KEY = Labels.of("instance", "i-1", "job", "shop/cart");
    private static final long T0 = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;
    private DurableGroupStore store;
    private PushService push;
    private OtlpIngest ingest;
    /** The mutations ingest applied to the store, in order. */
    private final List<Mutation> written = new CopyOnWriteArrayList<>();
    private PushService.Options pushOptions = PushService.Options.DEFAULT;

    private void open(OtlpOptions options) throws Exception {
        store = DurableGroupStore.open(dir.resolve("push"), DurableGroupStore.Options.DEFAULT);
        push = new PushService(store, Map.of(), pushOptions, Clock.systemUTC());
        ingest = new OtlpIngest(new Recording(store, written), push.checks(), pushOptions.pushLimits().labelLimits(),
                options, "up",
                new OtlpMetrics(new DefaultRegistry(), options), Clock.systemUTC());
    }

    private void open() throws Exception {
        open(OtlpOptions.OFF);
    }

    private void close() {
        ingest.close();
        store.close();
    }

    @AfterEach
    void tearDown() {
        if (ingest != null) {
            close();
        }
    }

    @Test
    void cumulativeSeriesLandInTheResourcesGroupSeriesBySeries() throws Exception {
        open();
        assertThat(export(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 5),
                point("b", T0, T0 + SECOND, 1)))).isEqualTo(ExportResult.OK);
        // A later export carries only one of the series (as a batching collector may): the other stays.
        export(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + 2 * SECOND, 8)));
        assertThat(value("requests_total", "a")).isEqualTo(8);
        assertThat(value("requests_total", "b")).isEqualTo(1);
        assertThat(family("requests_total").type()).isEqualTo(MetricType.COUNTER);
        assertThat(store.group(KEY).families()).extracting(MetricFamily::name).contains("target_info");
    }

    @Test
    void aWriteCarriesTheSeriesExportedNotTheWholeFamilyTheyJoin() throws Exception {
        open();
        export(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 1),
                point("b", T0, T0 + SECOND, 2), point("c", T0, T0 + SECOND, 3)));
        export(sum("requests", Temporality.CUMULATIVE, point("b", T0, T0 + 2 * SECOND, 5)));
        export(sum("bytes", Temporality.DELTA, point("a", T0, T0 + SECOND, 4), point("b", T0, T0 + SECOND, 6)));
        export(sum("bytes", Temporality.DELTA, point("a", T0 + SECOND, T0 + 2 * SECOND, 1)));

        // What the log holds of a write is its mutation: the one series each export carried.
        assertThat(seriesWritten(written.get(1), "requests_total")).isEqualTo(1);
        assertThat(seriesWritten(written.get(3), "bytes_total")).isEqualTo(1);
        assertThat(family("requests_total").metrics()).hasSize(3);
        assertThat(value("requests_total", "b")).isEqualTo(5);
        assertThat(value("bytes_total", "a")).isEqualTo(5);
        assertThat(value("bytes_total", "b")).isEqualTo(6);
        close();

        open();
        assertThat(family("requests_total").metrics()).as("after a restart, from the log").hasSize(3);
        assertThat(value("requests_total", "b")).isEqualTo(5);
        assertThat(value("bytes_total", "a")).isEqualTo(5);
    }

    @Test
    void theStoresSeriesLimitCountsTheWholeFamilyAWriteJoins() throws Exception {
        pushOptions = new PushService.Options(true, ParseLimits.DEFAULT,
                new PushLimits(1000, 100, 1000, 1000, 100, 4));
        open();
        // target_info is a series too: 3 stored, then 4.
        export(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 1), point("b", T0, T0 + SECOND, 2)));
        assertThat(export(sum("requests", Temporality.CUMULATIVE, point("c", T0, T0 + SECOND, 3))).rejectedPoints()).isZero();
        assertThat(export(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + 2 * SECOND, 4))).rejectedPoints())
                .as("no growth").isZero();
        assertThat(export(sum("requests", Temporality.CUMULATIVE, point("d", T0, T0 + SECOND, 5))).rejectedPoints())
                .as("a fifth series").isEqualTo(2); // the point and target_info's, one write
        assertThat(family("requests_total").metrics()).hasSize(3);
        assertThat(value("requests_total", "a")).isEqualTo(4);
    }

    /** As a push would be refused: the series over a label limit is rejected under that limit, the rest kept. */
    @Test
    void aSeriesOverThePushLabelLimitsIsRejectedByTheLimitsNameAndTheRestKept() throws Exception {
        pushOptions = new PushService.Options(true, ParseLimits.DEFAULT, new PushLimits(1000, 100, 1000, 16, 100, 1000));
        open();
        String tooLong = "v".repeat(17);
        ExportResult r = export(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 1),
                point(tooLong, T0, T0 + SECOND, 2)), gauge("temp", point(tooLong, T0, T0 + SECOND, 3)));
        assertThat(r.rejectedPoints()).isEqualTo(2);
        assertThat(r.message()).startsWith("2 data points max_label_value_length: the value of label series of requests_total "
                + "is 17 characters long, over the limit of 16 bytes (push.limits.max_label_value_length)");
        assertThat(family("requests_total").metrics()).hasSize(1);
        assertThat(value("requests_total", "a")).isEqualTo(1);
        assertThat(family("temp")).isNull();
    }

    @Test
    void aSeriesWithoutARecordedValueEndsAndTheRestOfItsFamilyStays() throws Exception {
        open();
        export(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 1), point("b", T0, T0 + SECOND, 2)));
        export(sum("requests", Temporality.CUMULATIVE,
                new NumberPoint(Attributes.of("series", "a"), T0, T0 + 2 * SECOND, 0, false, 0, 1, List.of())));
        assertThat(family("requests_total").metrics()).extracting(m -> m.labels().get("series")).containsExactly("b");
        close();

        open();
        assertThat(family("requests_total").metrics()).extracting(m -> m.labels().get("series")).containsExactly("b");
    }

    @Test
    void deltaPointsAddUpAcrossExportsAndAcrossARestart() throws Exception {
        open();
        export(sum("requests", Temporality.DELTA, point("a", T0, T0 + SECOND, 3)));
        export(sum("requests", Temporality.DELTA, point("a", T0 + SECOND, T0 + 2 * SECOND, 4)));
        assertThat(value("requests_total", "a")).isEqualTo(7);
        close();

        open();
        export(sum("requests", Temporality.DELTA, point("a", T0 + 2 * SECOND, T0 + 3 * SECOND, 2)));
        assertThat(value("requests_total", "a")).as("the accumulated value is durable").isEqualTo(9);
    }

    @Test
    void aGapAddsAndAnOlderOrOverlappingDeltaPointIsRejected() throws Exception {
        open();
        export(sum("requests", Temporality.DELTA, point("a", T0 + 2 * SECOND, T0 + 3 * SECOND, 3)));
        ExportResult older = export(sum("requests", Temporality.DELTA, point("a", T0 + SECOND, T0 + 2 * SECOND, 4)));
        assertThat(older.rejectedPoints()).isEqualTo(1);
        assertThat(older.message()).contains("out_of_order");
        ExportResult overlapping = export(sum("requests", Temporality.DELTA,
                point("a", T0 + 2 * SECOND, T0 + 4 * SECOND, 5)));
        assertThat(overlapping.rejectedPoints()).isEqualTo(1);
        assertThat(value("requests_total", "a")).isEqualTo(3);
        // After a gap (the producer restarted): added.
        assertThat(export(sum("requests", Temporality.DELTA, point("a", T0 + 10 * SECOND, T0 + 11 * SECOND, 6))))
                .isEqualTo(ExportResult.OK);
        assertThat(value("requests_total", "a")).isEqualTo(9);
    }

    @Test
    void aFamilyThatClashesWithAPushedOneIsRejectedAndTheRestKept() throws Exception {
        open();
        push.push(GroupingKey.parse("/job/other"), true, "# TYPE requests_total gauge\nrequests_total 1\n"
                .getBytes(StandardCharsets.UTF_8), "text/plain", null).join();
        ExportResult r = export(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 5)),
                gauge("temperature", point("a", T0, T0 + SECOND, 21)));
        assertThat(r.rejectedPoints()).isEqualTo(1);
        assertThat(r.message()).contains("inconsistent").contains("requests_total");
        assertThat(family("requests_total")).isNull();
        assertThat(value("temperature", "a")).isEqualTo(21);
    }

    @Test
    void resourcesOutsideTheScopeAreRejectedAndTheRestKept() throws Exception {
        open();
        ExportRequest two = new ExportRequest(List.of(
                resource("cart", sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 1))),
                resource("billing", sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 1),
                        point("b", T0, T0 + SECOND, 1)))));
        ExportResult r = ingest.export(two, service -> service.equals("cart")).get(10, TimeUnit.SECONDS);
        assertThat(r.rejectedPoints()).isEqualTo(2);
        assertThat(r.message()).contains("unauthorized_service").contains("billing");
        assertThat(value("requests_total", "a")).isEqualTo(1);
        assertThat(store.group(Labels.of("instance", "i-1", "job", "shop/billing"))).isNull();
    }

    @Test
    void anExportBeyondWhatIsInFlightIsRefusedForNowAndOneAloneAlwaysPasses() throws Exception {
        open(OtlpOptions.OFF.withLimits(64L << 20, 1 << 20, 1));
        ExportRequest two = request(sum("requests", Temporality.CUMULATIVE, point("a", T0, T0 + SECOND, 1),
                point("b", T0, T0 + SECOND, 1)));
        assertThat(ingest.export(two, AuthScope.ALL).get(10, TimeUnit.SECONDS)).isEqualTo(ExportResult.OK);

        Admission admission = new Admission(100, 10);
        assertThat(admission.tryAcquire(1000, 1000)).as("alone").isTrue();
        assertThat(admission.tryAcquire(1, 1)).isFalse();
        admission.release(1000, 1000);
        assertThat(admission.tryAcquire(60, 5)).isTrue();
        assertThat(admission.tryAcquire(60, 1)).as("bytes").isFalse();
        assertThat(admission.tryAcquire(1, 6)).as("points").isFalse();
        assertThat(admission.tryAcquire(40, 5)).isTrue();
    }

    @Test
    void aClosedStoreRefusesExportsAsRetryable() throws Exception {
        open();
        store.close();
        CompletableFuture<ExportResult> r = ingest.export(request(gauge("t", point("a", T0, T0 + SECOND, 1))),
                AuthScope.ALL);
        assertThatThrownBy(r::join).isInstanceOf(CompletionException.class).cause().isInstanceOf(OtlpRefusal.class)
                .extracting(e -> ((OtlpRefusal) e).reason()).isEqualTo(OtlpRefusal.Reason.STORE_UNAVAILABLE);
    }

    @Test
    void producersAreUpFromTheirFirstExport() throws Exception {
        open();
        export(gauge("t", point("a", T0, T0 + SECOND, 1)));
        List<MetricFamily> live = ingest.livenessFamilies();
        assertThat(live).extracting(MetricFamily::name).containsExactly("ferry_otlp_last_seen_timestamp_seconds", "up");
        assertThat(live.get(1).metrics()).singleElement()
                .satisfies(m -> assertThat(m.labels()).isEqualTo(KEY))
                .satisfies(m -> assertThat(((ValueMetric) m).value()).isEqualTo(1));
    }

    /** A producer whose key no series could carry is not tracked: its up and last-seen would carry it. */
    @Test
    void aProducerWhoseKeyIsOverTheLabelLimitsIsNotTracked() throws Exception {
        pushOptions = new PushService.Options(true, ParseLimits.DEFAULT, new PushLimits(1000, 100, 1000, 8, 100, 1000));
        open();
        ExportResult r = export(gauge("t", point("a", T0, T0 + SECOND, 1))); // job "shop/cart" is 9 bytes
        assertThat(r.rejectedPoints()).isPositive();
        assertThat(r.message()).contains("max_label_value_length");
        assertThat(ingest.livenessFamilies()).allSatisfy(f -> assertThat(f.metrics()).isEmpty());
    }

    /** The series {@code m} (an OTLP write) carries of {@code family}. */
    private static int seriesWritten(Mutation m, String family) {
        List<MetricFamily> families = switch (m) {
            case Mutation.MergeSeries s -> s.families();
            case Mutation.Merge s -> s.families();
            default -> throw new AssertionError("not an OTLP write: " + m);
        };
        return families.stream().filter(f -> f.name().equals(family)).mapToInt(f -> f.metrics().size()).sum();
    }

    /** A store that notes every mutation applied through it. */
    private record Recording(GroupStore store, List<Mutation> applied) implements GroupStore {
        @Override
        public CompletableFuture<Void> apply(Mutation mutation, Check check) {
            applied.add(mutation);
            return store.apply(mutation, check);
        }

        @Override
        public boolean healthy() {
            return store.healthy();
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        public Group group(Labels key) {
            return store.group(key);
        }

        @Override
        public Collection<Group> groups() {
            return store.groups();
        }

        @Override
        public long seriesCount() {
            return store.seriesCount();
        }

        @Override
        public long changes() {
            return store.changes();
        }
    }

    private ExportResult export(OtlpMetric... metrics) throws Exception {
        return ingest.export(request(metrics), AuthScope.ALL).get(10, TimeUnit.SECONDS);
    }

    private static ExportRequest request(OtlpMetric... metrics) {
        return new ExportRequest(List.of(resource("cart", metrics)));
    }

    private static ResourceMetrics resource(String service, OtlpMetric... metrics) {
        return new ResourceMetrics(Attributes.of("service.name", service, "service.namespace", "shop",
                "service.instance.id", "i-1", "host.name", "h1"),
                List.of(new ScopeMetrics("test", "1.0", Attributes.EMPTY, List.of(metrics))));
    }

    private static OtlpMetric sum(String name, Temporality temporality, NumberPoint... points) {
        return new OtlpMetric(name, "", "", MetricKind.SUM, temporality, true, List.of(points));
    }

    private static OtlpMetric gauge(String name, NumberPoint... points) {
        return new OtlpMetric(name, "", "", MetricKind.GAUGE, Temporality.UNSPECIFIED, false, List.of(points));
    }

    private static NumberPoint point(String series, long start, long time, double value) {
        return new NumberPoint(Attributes.of("series", series), start, time, value, false, 0, 0, List.of());
    }

    private MetricFamily family(String name) {
        Group g = store.group(KEY);
        return g == null ? null : g.families().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    private double value(String family, String series) {
        MetricFamily f = family(family);
        assertThat(f).as(family).isNotNull();
        Metric m = f.metrics().stream().filter(x -> series.equals(x.labels().get("series"))).findFirst().orElseThrow();
        return ((ValueMetric) m).value();
    }
}
