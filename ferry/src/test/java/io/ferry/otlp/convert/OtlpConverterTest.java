package io.ferry.otlp.convert;

import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.StaleNaN;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.otlp.wire.Attributes;
import io.ferry.otlp.wire.DataPoint;
import io.ferry.otlp.wire.ExpHistogramPoint;
import io.ferry.otlp.wire.ExportRequest;
import io.ferry.otlp.wire.HistogramPoint;
import io.ferry.otlp.wire.OtlpExemplar;
import io.ferry.otlp.wire.OtlpMetric;
import io.ferry.otlp.wire.ResourceMetrics;
import io.ferry.otlp.wire.ScopeMetrics;
import io.ferry.otlp.wire.SummaryPoint;
import io.ferry.otlp.wire.Temporality;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.ferry.otlp.convert.Otlp.NOW_MS;
import static io.ferry.otlp.convert.Otlp.START;
import static io.ferry.otlp.convert.Otlp.T;
import static io.ferry.otlp.convert.Otlp.exp;
import static io.ferry.otlp.convert.Otlp.exponential;
import static io.ferry.otlp.convert.Otlp.gauge;
import static io.ferry.otlp.convert.Otlp.hist;
import static io.ferry.otlp.convert.Otlp.histogram;
import static io.ferry.otlp.convert.Otlp.num;
import static io.ferry.otlp.convert.Otlp.numAt;
import static io.ferry.otlp.convert.Otlp.request;
import static io.ferry.otlp.convert.Otlp.stale;
import static io.ferry.otlp.convert.Otlp.sum;
import static io.ferry.otlp.convert.Otlp.summary;
import static io.ferry.otlp.convert.Otlp.summaryPoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpConverterTest {
    private static final long TS = T / 1_000_000L;
    private static final double CREATED = START / 1e9;
    private static final Labels SCOPE = Labels.of("job", "shop", "instance", "i-1", "otel_scope_name", "io.test",
            "otel_scope_version", "1.0");

    private final OtlpConverter converter = new OtlpConverter(ConversionOptions.DEFAULTS, () -> NOW_MS);

    private Conversion convert(ExportRequest r) {
        return converter.convert(r);
    }

    private static MetricFamily family(Conversion c, String name) {
        return c.resources().get(0).cumulative().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name + " in " + c.resources()));
    }

    private static Labels with(Labels base, String... kv) {
        Labels l = base;
        for (int i = 0; i < kv.length; i += 2) {
            l = l.with(kv[i], kv[i + 1]);
        }
        return l;
    }

    @Test
    void gaugesAndSumsWithNamesUnitsAndTheGroupKey() {
        Conversion c = convert(request(
                gauge("memory.usage", "By", num(42, "host", "a")),
                sum("test.counter", "By", Temporality.CUMULATIVE, true, num(7)),
                sum("queue.depth", "{items}", Temporality.CUMULATIVE, false, num(-3)),
                gauge("cpu.utilization", "1", num(0.5))));
        assertThat(c.rejectedPoints()).isZero();
        ConvertedResource r = c.resources().get(0);
        assertThat(r.groupKey()).isEqualTo(Labels.of("job", "shop", "instance", "i-1"));
        assertThat(r.serviceInstanceId()).isEqualTo("i-1");
        assertThat(r.deltas()).isEmpty();

        MetricFamily gauge = family(c, "memory_usage_bytes");
        assertThat(gauge.type()).isEqualTo(MetricType.GAUGE);
        assertThat(gauge.unit()).isEqualTo("bytes");
        assertThat(gauge.help()).isNull();
        assertThat(gauge.metrics()).containsExactly(
                new ValueMetric(with(SCOPE, "host", "a"), 42, TS, Double.NaN, null));

        MetricFamily counter = family(c, "test_counter_bytes_total");
        assertThat(counter.type()).isEqualTo(MetricType.COUNTER);
        assertThat(counter.help()).isEqualTo("help of test.counter");
        assertThat(counter.metrics()).containsExactly(new ValueMetric(SCOPE, 7, TS, CREATED, null));

        MetricFamily upDown = family(c, "queue_depth");
        assertThat(upDown.type()).isEqualTo(MetricType.GAUGE);
        assertThat(upDown.unit()).isNull();
        assertThat(upDown.metrics()).containsExactly(new ValueMetric(SCOPE, -3, TS, Double.NaN, null));

        assertThat(family(c, "cpu_utilization_ratio").type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void jobJoinsNamespaceAndNameAndInstanceIsEmptyWhenAbsent() {
        Conversion c = convert(request(Attributes.of("service.namespace", "eu", "service.name", "shop"),
                gauge("g", "", num(1))));
        ConvertedResource r = c.resources().get(0);
        assertThat(r.groupKey()).isEqualTo(Labels.of("job", "eu/shop", "instance", ""));
        assertThat(r.serviceInstanceId()).isEmpty();
        assertThat(family(c, "g").metrics().get(0).labels())
                .isEqualTo(Labels.of("job", "eu/shop", "otel_scope_name", "io.test", "otel_scope_version", "1.0"));
    }

    @Test
    void withoutAnInstanceIdNoAttributeOrPromotionSetsInstance() {
        Attributes resource = Attributes.of("service.name", "shop", "instance", "from-resource");
        Conversion c = new OtlpConverter(ConversionOptions.DEFAULTS.withPromoteResourceAttributes(List.of("instance"))
                .withScopeLabels(false), () -> NOW_MS).convert(request(resource, gauge("g", "", num(1, "instance", "x"))));
        assertThat(family(c, "g").metrics().get(0).labels()).isEqualTo(Labels.of("job", "shop"));
        assertThat(family(c, "target_info").metrics().get(0).labels()).isEqualTo(Labels.of("job", "shop"));
    }

    @Test
    void targetInfoCarriesTheOtherResourceAttributes() {
        Attributes resource = Attributes.of("service.name", "shop", "service.instance.id", "i-1",
                "service.namespace", "eu", "host.name", "h1", "k8s.pod.name", "p");
        Conversion c = convert(request(resource, gauge("g", "", num(1))));
        MetricFamily info = family(c, "target_info");
        assertThat(info.type()).isEqualTo(MetricType.GAUGE);
        assertThat(info.help()).isEqualTo("Target metadata");
        assertThat(info.metrics()).containsExactly(new ValueMetric(Labels.of("job", "eu/shop", "instance", "i-1",
                "host_name", "h1", "k8s_pod_name", "p"), 1, TS, Double.NaN, null));

        Conversion kept = new OtlpConverter(ConversionOptions.DEFAULTS.withKeepIdentifyingResourceAttributes(true),
                () -> NOW_MS).convert(request(resource, gauge("g", "", num(1))));
        assertThat(family(kept, "target_info").metrics().get(0).labels().get("service_name")).isEqualTo("shop");
    }

    @Test
    void noTargetInfoWithOnlyIdentifyingAttributesOrWhenTurnedOff() {
        Conversion c = convert(request(gauge("g", "", num(1))));
        assertThat(c.resources().get(0).cumulative()).extracting(MetricFamily::name).containsExactly("g");
        Conversion off = new OtlpConverter(ConversionOptions.DEFAULTS.withTargetInfo(false), () -> NOW_MS)
                .convert(request(Attributes.of("service.name", "s", "host.name", "h"), gauge("g", "", num(1))));
        assertThat(off.resources().get(0).cumulative()).extracting(MetricFamily::name).containsExactly("g");
    }

    /**
     * Prometheus' {@code TestCreateAttributes} (helper_test.go) as data, for the cases whose options
     * Ferry has (no "promote all", no ignored attributes; the wire model carries no scope schema URL,
     * so no {@code otel_scope_schema_url}).
     */
    @Test
    void prometheusCreateAttributesCases() {
        Attributes resource = Attributes.of("service.name", "service name", "service.instance.id", "service ID",
                "existent-attr", "resource value", "metric-attr", "resource value", "job", "resource value",
                "instance", "resource value");
        Attributes scopeAttrs = Attributes.of("attr1", "value1", "attr2", "value2");
        DataPoint point = new io.ferry.otlp.wire.NumberPoint(
                Attributes.of("metric-attr", "metric value", "metric-attr-other", "metric value other"),
                START, T, 1, false, 0, 0, List.of());
        Labels base = Labels.of("instance", "service ID", "job", "service name", "metric_attr", "metric value",
                "metric_attr_other", "metric value other");
        Labels scope = Labels.of("otel_scope_name", "test-scope", "otel_scope_version", "1.0.0",
                "otel_scope_attr1", "value1", "otel_scope_attr2", "value2");

        record Case(String name, List<String> promote, boolean promoteScope, ScopeMetrics scope, Labels want) {
        }
        ScopeMetrics testScope = new ScopeMetrics("test-scope", "1.0.0", scopeAttrs,
                List.of(gauge("test_metric", "", point)));
        ScopeMetrics noScope = new ScopeMetrics("", "", Attributes.EMPTY, List.of(gauge("test_metric", "", point)));
        List<Case> cases = List.of(
                new Case("Successful conversion without resource attribute promotion and without scope promotion",
                        List.of(), false, testScope, base),
                new Case("Successful conversion without resource attribute promotion and with scope promotion",
                        List.of(), true, testScope, merge(base, scope)),
                new Case("Successful conversion without resource attribute promotion and with scope promotion, but without scope",
                        List.of(), true, noScope, base),
                new Case("Successful conversion with resource attribute promotion and with scope promotion",
                        List.of("non-existent-attr", "existent-attr"), true, testScope,
                        merge(base.with("existent_attr", "resource value"), scope)),
                new Case("Successful conversion with resource attribute promotion and with scope promotion, conflicting resource attributes are ignored",
                        List.of("non-existent-attr", "existent-attr", "metric-attr", "job", "instance"), true, testScope,
                        merge(base.with("existent_attr", "resource value"), scope)),
                new Case("Successful conversion with resource attribute promotion and with scope promotion, attributes are only promoted once",
                        List.of("existent-attr", "existent-attr"), true, testScope,
                        merge(base.with("existent_attr", "resource value"), scope)));
        for (Case k : cases) {
            ConversionOptions o = ConversionOptions.DEFAULTS.withScopeLabels(k.promoteScope)
                    .withPromoteResourceAttributes(k.promote).withTargetInfo(false);
            Conversion c = new OtlpConverter(o, () -> NOW_MS).convert(
                    new ExportRequest(List.of(new ResourceMetrics(resource, List.of(k.scope)))));
            assertThat(family(c, "test_metric").metrics().get(0).labels()).as(k.name).isEqualTo(k.want);
        }
    }

    private static Labels merge(Labels a, Labels b) {
        Labels out = a;
        for (int i = 0; i < b.size(); i++) {
            out = out.with(b.name(i), b.value(i));
        }
        return out;
    }

    @Test
    void scopeAttributesNamedLikeTheScopesOwnLabelsAreDropped() {
        ScopeMetrics scope = new ScopeMetrics("lib", "", Attributes.of("name", "x", "version", "y", "schema_url", "z",
                "tier", "gold"), List.of(gauge("g", "", num(1))));
        Conversion c = convert(new ExportRequest(List.of(new ResourceMetrics(Otlp.SHOP, List.of(scope)))));
        assertThat(family(c, "g").metrics().get(0).labels()).isEqualTo(
                Labels.of("job", "shop", "instance", "i-1", "otel_scope_name", "lib", "otel_scope_tier", "gold"));
    }

    @Test
    void collidingAttributeNamesJoinTheirValuesInKeyOrderAndAreCounted() {
        Conversion c = convert(request(gauge("g", "", num(1, "a_b", "2", "a.b", "1", "c", "3"))));
        assertThat(family(c, "g").metrics().get(0).labels()).isEqualTo(with(SCOPE, "a_b", "1;2", "c", "3"));
        assertThat(c.warningsByCategory()).containsEntry("label_name_collision", 1L);
        assertThat(c.rejectedPoints()).isZero();
    }

    @Test
    void anInvalidAttributeNameAfterACollisionRejectsThePoint() {
        Conversion c = convert(request(gauge("g", "", num(1, "a_b", "2", "a.b", "1", "__", "3"), num(2))));
        assertThat(c.rejectionsByReason()).isEqualTo(Map.of("invalid_attribute_name", 1L));
        assertThat(c.warningsByCategory()).isEmpty();
        assertThat(family(c, "g").metrics()).hasSize(1);
    }

    @Test
    void pointAttributesCannotOverrideJobInstanceOrScope() {
        Conversion c = convert(request(gauge("g", "", num(1, "job", "x", "instance", "y", "otel_scope_name", "z"))));
        assertThat(family(c, "g").metrics().get(0).labels()).isEqualTo(SCOPE);
    }

    @Test
    void explicitHistogramsBecomeClassicBuckets() {
        HistogramPoint p = new HistogramPoint(Attributes.of("le", "dropped", "path", "/"), START, T, 6, true, 10,
                new double[] {0.005, 1}, new long[] {1, 2, 3}, true, 0.001, true, 9, 0,
                List.of(new OtlpExemplar(Attributes.EMPTY, T, 0.5, "0102", "03"),
                        new OtlpExemplar(Attributes.EMPTY, 0, 7, "", "")));
        Conversion c = convert(request(histogram("test.histogram", "By", Temporality.CUMULATIVE, p)));
        MetricFamily f = family(c, "test_histogram_bytes");
        assertThat(f.type()).isEqualTo(MetricType.HISTOGRAM);
        HistogramMetric h = (HistogramMetric) f.metrics().get(0);
        assertThat(h.labels()).isEqualTo(with(SCOPE, "path", "/"));
        assertThat(h.upperBounds()).containsExactly(0.005, 1, Double.POSITIVE_INFINITY);
        assertThat(h.cumulativeCounts()).containsExactly(1, 3, 6);
        assertThat(h.sum()).isEqualTo(10);
        assertThat(h.count()).isEqualTo(6);
        assertThat(h.createdSeconds()).isEqualTo(CREATED);
        assertThat(h.nativeHistogram()).isNull();
        assertThat(h.exemplar(0)).isNull();
        assertThat(h.exemplar(1)).isEqualTo(new Exemplar(Labels.of("trace_id", "0102", "span_id", "03"), 0.5, TS));
        assertThat(h.exemplar(2)).isEqualTo(new Exemplar(Labels.EMPTY, 7, Metric.NO_TIMESTAMP));
    }

    @Test
    void aHistogramWithoutSumHasNaNSumAndOneWithoutBucketsOnlyInf() {
        HistogramPoint p = new HistogramPoint(Attributes.EMPTY, START, T, 3, false, 0, new double[0], new long[0],
                false, 0, false, 0, 0, List.of());
        HistogramMetric h = (HistogramMetric) family(convert(request(histogram("h", "", Temporality.CUMULATIVE, p))),
                "h").metrics().get(0);
        assertThat(h.sum()).isNaN();
        assertThat(h.upperBounds()).containsExactly(Double.POSITIVE_INFINITY);
        assertThat(h.cumulativeCounts()).containsExactly(3);
    }

    @Test
    void exponentialHistogramsBecomeNativeWithClassicBucketsBeside() {
        // Prometheus' "convert exp. to native histogram" point, with the count the OTLP spec requires
        // (zero count included: 5, where the upstream data says 4).
        Conversion c = convert(request(exponential("test.exponential.histogram", "By", Temporality.CUMULATIVE,
                exp(5, 10.1, 1, 1, 1, new long[] {1, 1}, 1, new long[] {1, 1}))));
        HistogramMetric h = (HistogramMetric) family(c, "test_exponential_histogram_bytes").metrics().get(0);
        NativeHistogram n = h.nativeHistogram();
        assertThat(n.schema()).isEqualTo(1);
        assertThat(n.zeroThreshold()).isEqualTo(1e-128);
        assertThat(n.zeroCount()).isEqualTo(1);
        assertThat(n.positiveSpans()).containsExactly(2, 2);
        assertThat(n.positiveCounts()).containsExactly(1, 1);
        assertThat(n.negativeSpans()).containsExactly(2, 2);
        assertThat(n.negativeCounts()).containsExactly(1, 1);
        assertThat(n.integerCounts()).isTrue();
        assertThat(h.count()).isEqualTo(5);
        assertThat(h.sum()).isEqualTo(10.1);
        assertThat(h.upperBounds()).containsExactly(-2.0, -1.414213562373095, 1e-128, 2.0, 2.82842712474619,
                Double.POSITIVE_INFINITY);
        assertThat(h.cumulativeCounts()).containsExactly(1, 2, 3, 4, 5, 5);
    }

    @Test
    void exponentialScaleAboveEightIsMergedDown() {
        // Prometheus' "downsample if scale is more than 8"
        Conversion c = convert(request(exponential("e", "", Temporality.CUMULATIVE,
                exp(7, 10.1, 9, 1, 1, new long[] {1, 1, 1}, 2, new long[] {1, 1, 1}))));
        NativeHistogram n = ((HistogramMetric) family(c, "e").metrics().get(0)).nativeHistogram();
        assertThat(n.schema()).isEqualTo(8);
        assertThat(n.positiveSpans()).containsExactly(1, 2);
        assertThat(n.positiveCounts()).containsExactly(1, 2);
        assertThat(n.negativeSpans()).containsExactly(2, 2);
        assertThat(n.negativeCounts()).containsExactly(2, 1);
    }

    @Test
    void summariesKeepQuantilesSumAndCount() {
        Conversion c = convert(request(summary("rpc.latency",
                summaryPoint(10, 55, new double[] {0.5, 0.99}, new double[] {4, 9}))));
        SummaryMetric s = (SummaryMetric) family(c, "rpc_latency").metrics().get(0);
        assertThat(s).isEqualTo(new SummaryMetric(SCOPE, new double[] {0.5, 0.99}, new double[] {4, 9}, 55, 10, TS,
                CREATED));
    }

    @Test
    void noRecordedValueBecomesStaleNaN() {
        DataPoint staleHist = new HistogramPoint(Attributes.EMPTY, START, T, 0, false, 0, new double[] {1},
                new long[] {0, 0}, false, 0, false, 0, DataPoint.FLAG_NO_RECORDED_VALUE, List.of());
        DataPoint staleExp = new ExpHistogramPoint(Attributes.EMPTY, START, T, 0, false, 0, 3, 0, 0, 0, new long[0],
                0, new long[0], DataPoint.FLAG_NO_RECORDED_VALUE, List.of());
        DataPoint staleSummary = new SummaryPoint(Attributes.EMPTY, START, T, 0, 0, new double[] {0.5},
                new double[] {0}, DataPoint.FLAG_NO_RECORDED_VALUE);
        Conversion c = convert(request(gauge("g", "", stale()),
                sum("c", "", Temporality.CUMULATIVE, true, stale()),
                histogram("h", "", Temporality.CUMULATIVE, staleHist),
                exponential("e", "", Temporality.CUMULATIVE, staleExp),
                summary("s", staleSummary)));
        assertThat(c.rejectedPoints()).isZero();
        for (MetricFamily f : c.resources().get(0).cumulative()) {
            assertThat(OtlpConverter.isStale(f.metrics().get(0))).as(f.name()).isTrue();
        }
        assertThat(StaleNaN.is(((ValueMetric) family(c, "g").metrics().get(0)).value())).isTrue();
        HistogramMetric h = (HistogramMetric) family(c, "h").metrics().get(0);
        assertThat(StaleNaN.is(h.cumulativeCounts()[0])).isTrue();
        assertThat(StaleNaN.is(h.sum())).isTrue();
        assertThat(((HistogramMetric) family(c, "e").metrics().get(0)).nativeHistogram().positiveSpans()).isEmpty();
        assertThat(StaleNaN.is(((SummaryMetric) family(c, "s").metrics().get(0)).values()[0])).isTrue();
    }

    @Test
    void counterExemplarsKeepFilteredAttributesWithin128Runes() {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        String span = "b7ad6b7169203331";
        OtlpExemplar small = new OtlpExemplar(Attributes.of("user.id", "42"), T, 3, trace, span);
        Conversion c = convert(request(sum("c", "", Temporality.CUMULATIVE, true, Otlp.withExemplars(5, small))));
        ValueMetric v = (ValueMetric) family(c, "c_total").metrics().get(0);
        assertThat(v.exemplar()).isEqualTo(
                new Exemplar(Labels.of("trace_id", trace, "span_id", span, "user_id", "42"), 3, TS));

        OtlpExemplar big = new OtlpExemplar(Attributes.of("payload", "x".repeat(60)), T, 3, trace, span);
        ValueMetric w = (ValueMetric) family(convert(request(sum("c", "", Temporality.CUMULATIVE, true,
                Otlp.withExemplars(5, big)))), "c_total").metrics().get(0);
        assertThat(w.exemplar().labels()).isEqualTo(Labels.of("trace_id", trace, "span_id", span));
    }

    @Test
    void gaugesDropExemplars() {
        OtlpExemplar e = new OtlpExemplar(Attributes.EMPTY, T, 3, "01", "02");
        ValueMetric v = (ValueMetric) family(convert(request(gauge("g", "", Otlp.withExemplars(5, e)))), "g")
                .metrics().get(0);
        assertThat(v.exemplar()).isNull();
    }

    @Test
    void ofTwoPointsOfOneStreamTheLaterIsKept() {
        Conversion c = convert(request(gauge("g", "", numAt(T, 2), numAt(T - 5_000_000_000L, 1))));
        assertThat(family(c, "g").metrics()).extracting(m -> ((ValueMetric) m).value()).containsExactly(2.0);
    }

    @Test
    void twoMetricsOfOneNameShareAFamily() {
        Conversion c = convert(request(gauge("a.b", "", num(1, "k", "1")), gauge("a_b", "", num(2, "k", "2"))));
        assertThat(family(c, "a_b").metrics()).hasSize(2);
    }

    @Test
    void withoutSuffixes() {
        Conversion c = new OtlpConverter(ConversionOptions.DEFAULTS.withStrategy(
                TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES), () -> NOW_MS).convert(
                request(sum("http.requests", "1", Temporality.CUMULATIVE, true, num(1))));
        assertThat(family(c, "http_requests").type()).isEqualTo(MetricType.COUNTER);
    }

    @Test
    void utf8StrategiesAreRefused() {
        for (TranslationStrategy s : List.of(TranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES,
                TranslationStrategy.NO_TRANSLATION)) {
            assertThatThrownBy(() -> ConversionOptions.DEFAULTS.withStrategy(s))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
        }
    }

    @Test
    void defaultsAreDocumented() {
        ConversionOptions d = ConversionOptions.DEFAULTS;
        assertThat(d.strategy()).isEqualTo(TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES);
        assertThat(d.scopeLabels()).isTrue();
        assertThat(d.promoteResourceAttributes()).isEmpty();
        assertThat(d.keepIdentifyingResourceAttributes()).isFalse();
        assertThat(d.targetInfo()).isTrue();
        assertThat(d.deltas()).isEqualTo(DeltaPolicy.ACCUMULATE);
    }

    /** The specification's example payload (opentelemetry-proto examples/metrics.json), decoded and converted. */
    @Test
    void theSpecificationsExamplePayload() throws Exception {
        byte[] json;
        try (var in = getClass().getResourceAsStream("/io/ferry/otlp/wire/spec-example-metrics.json")) {
            json = in.readAllBytes();
        }
        long t = 1544712660300000000L;
        Conversion c = new OtlpConverter(ConversionOptions.DEFAULTS, () -> t / 1_000_000L)
                .convert(io.ferry.otlp.wire.OtlpJsonDecoder.decode(json, 0, json.length));
        assertThat(c.rejectedPoints()).isZero();
        ConvertedResource r = c.resources().get(0);
        assertThat(r.groupKey()).isEqualTo(Labels.of("job", "my.service", "instance", ""));
        Labels scope = Labels.of("job", "my.service", "otel_scope_name", "my.library", "otel_scope_version", "1.0.0",
                "otel_scope_my_scope_attribute", "some scope attribute");
        assertThat(r.cumulative()).extracting(MetricFamily::name).containsExactly("my_gauge_ratio");
        assertThat(r.cumulative().get(0).help()).isEqualTo("I am a Gauge");
        assertThat(r.cumulative().get(0).metrics()).containsExactly(
                new ValueMetric(scope.with("my_gauge_attr", "some value"), 10, t / 1_000_000L, Double.NaN, null));
        // aggregationTemporality 1 is DELTA: the sum and the histogram are delta points
        assertThat(r.deltas()).hasSize(2);
        DeltaSeries counter = r.deltas().get(0);
        assertThat(counter).isEqualTo(new DeltaSeries("my_counter_total", MetricType.COUNTER, "I am a Counter", null,
                scope.with("my_counter_attr", "some value"), t, t, 5, null));
        DeltaSeries histogram = r.deltas().get(1);
        assertThat(histogram.family()).isEqualTo("my_histogram");
        assertThat(histogram.histogram().upperBounds()).containsExactly(1, Double.POSITIVE_INFINITY);
        assertThat(histogram.histogram().cumulativeCounts()).containsExactly(1, 2);
        assertThat(histogram.histogram().sum()).isEqualTo(2);
    }

    // Deltas

    @Test
    void deltaSumsAndHistogramsBecomeDeltaSeries() {
        Conversion c = convert(request(
                sum("requests", "", Temporality.DELTA, true, num(3, "path", "/")),
                sum("in.flight", "", Temporality.DELTA, false, num(-1)),
                histogram("latency", "s", Temporality.DELTA, hist(2, 0.3, new double[] {0.1}, new long[] {1, 1})),
                exponential("size", "By", Temporality.DELTA, exp(2, 5, 0, 0, 1, new long[] {2}, 0, new long[0]))));
        assertThat(c.rejectedPoints()).isZero();
        ConvertedResource r = c.resources().get(0);
        assertThat(r.cumulative()).isEmpty();
        assertThat(r.deltas()).hasSize(4);
        DeltaSeries counter = r.deltas().get(0);
        assertThat(counter).isEqualTo(new DeltaSeries("requests_total", MetricType.COUNTER, "help of requests", null,
                with(SCOPE, "path", "/"), START, T, 3, null));
        DeltaSeries upDown = r.deltas().get(1);
        assertThat(upDown.family()).isEqualTo("in_flight");
        assertThat(upDown.type()).isEqualTo(MetricType.GAUGE);
        assertThat(upDown.value()).isEqualTo(-1);
        DeltaSeries h = r.deltas().get(2);
        assertThat(h.family()).isEqualTo("latency_seconds");
        assertThat(h.unit()).isEqualTo("seconds");
        assertThat(h.histogram().upperBounds()).containsExactly(0.1, Double.POSITIVE_INFINITY);
        assertThat(h.histogram().cumulativeCounts()).containsExactly(1, 2);
        assertThat(h.histogram().count()).isEqualTo(2);
        assertThat(h.histogram().sum()).isEqualTo(0.3);
        DeltaSeries e = r.deltas().get(3);
        assertThat(e.family()).isEqualTo("size_bytes");
        assertThat(e.histogram().nativeHistogram().positiveSpans()).containsExactly(2, 1);
    }

    @Test
    void deltasAreRejectedWhenThePolicySaysSo() {
        Conversion c = new OtlpConverter(ConversionOptions.DEFAULTS.withDeltas(DeltaPolicy.REJECT), () -> NOW_MS)
                .convert(request(sum("requests", "", Temporality.DELTA, true, num(3), num(4, "a", "b")),
                        gauge("g", "", num(1))));
        assertThat(c.rejectedPoints()).isEqualTo(2);
        assertThat(c.rejectionsByReason()).isEqualTo(Map.of("delta_rejected", 2L));
        assertThat(c.messages()).containsExactly("invalid temporality and type combination for metric \"requests\"");
        assertThat(c.resources().get(0).cumulative()).extracting(MetricFamily::name).containsExactly("g");
    }

    // Bad input: each point rejected alone, counted by reason, the rest kept

    @Test
    void badPointsAreRejectedOneByOneAndCountedByReason() {
        long day = 86_400_000_000_000L;
        Conversion c = convert(request(
                gauge("@#$%", "", num(1), num(2)),
                gauge("ok", "", num(1, "__", "x"), num(2, "good", "y"), numAt(0, 3, "t", "0"),
                        numAt(T - day - 1_000_000_000L, 4, "t", "old"), numAt(T + 3_600_000_000_000L, 5, "t", "ahead")),
                sum("bad.counter", "", Temporality.CUMULATIVE, true, num(-1), num(Double.NaN, "n", "nan")),
                sum("bad.delta", "", Temporality.DELTA, true, num(Double.POSITIVE_INFINITY), num(-2, "a", "b")),
                sum("unspecified", "", Temporality.UNSPECIFIED, true, num(1)),
                histogram("h", "", Temporality.CUMULATIVE,
                        hist(3, 1, new double[] {1, 2}, new long[] {1, 2}, "case", "lengths"),
                        hist(3, 1, new double[] {2, 1}, new long[] {1, 1, 1}, "case", "order"),
                        hist(3, 1, new double[] {Double.NaN}, new long[] {1, 2}, "case", "nan"),
                        hist(4, 1, new double[] {1}, new long[] {1, 2}, "case", "count"),
                        hist(3, 1, new double[] {1}, new long[] {1, 2}, "case", "fine")),
                exponential("e", "", Temporality.CUMULATIVE,
                        exp(4, 10.1, 1, 1, 1, new long[] {1, 1}, 1, new long[] {1, 1}),
                        exp(1, 1, -10, 1, 0, new long[0], 0, new long[0])),
                summary("s", summaryPoint(1, 1, new double[] {1.5}, new double[] {1}))));
        assertThat(c.rejectionsByReason()).isEqualTo(Map.of(
                "invalid_metric_name", 2L,
                "invalid_attribute_name", 1L,
                "timestamp_out_of_range", 3L,
                "invalid_value", 3L,
                "unspecified_temporality", 1L,
                "bucket_mismatch", 3L,
                "count_mismatch", 2L,
                "invalid_scale", 1L,
                "invalid_quantile", 1L));
        assertThat(c.rejectedPoints()).isEqualTo(17);
        assertThat(c.messages()).hasSize(Conversion.MAX_MESSAGES).doesNotHaveDuplicates();
        ConvertedResource r = c.resources().get(0);
        assertThat(family(c, "ok").metrics()).extracting(Metric::labels).containsExactly(with(SCOPE, "good", "y"));
        assertThat(family(c, "bad_counter_total").metrics()).extracting(Metric::labels)
                .containsExactly(with(SCOPE, "n", "nan"));
        assertThat(family(c, "h").metrics()).extracting(Metric::labels).containsExactly(with(SCOPE, "case", "fine"));
        assertThat(r.deltas()).isEmpty();
    }

    @Test
    void aResourceWithoutServiceNameIsRejectedAndOthersKept() {
        ExportRequest r = new ExportRequest(List.of(
                new ResourceMetrics(Attributes.of("host.name", "h"), List.of(new ScopeMetrics("", "",
                        Attributes.EMPTY, List.of(gauge("g", "", num(1), num(2, "a", "b")))))),
                request(gauge("g", "", num(1))).resources().get(0)));
        Conversion c = convert(r);
        assertThat(c.rejectionsByReason()).isEqualTo(Map.of("missing_service_name", 2L));
        assertThat(c.resources()).hasSize(1);
    }

    @Test
    void aNameTakenByAnotherTypeRejectsTheLaterMetric() {
        Conversion c = convert(request(gauge("x_total", "", num(1)),
                sum("x", "", Temporality.CUMULATIVE, true, num(2))));
        assertThat(c.rejectionsByReason()).isEqualTo(Map.of("type_conflict", 1L));
        assertThat(family(c, "x_total").type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void emptyMetricsAndEmptyRequestsGiveNothing() {
        assertThat(convert(new ExportRequest(List.of())).resources()).isEmpty();
        OtlpMetric empty = new OtlpMetric("e", "", "", io.ferry.otlp.wire.MetricKind.EMPTY, Temporality.UNSPECIFIED,
                false, List.of());
        Conversion c = convert(request(empty));
        assertThat(c.resources()).isEmpty();
        assertThat(c.rejectedPoints()).isZero();
    }

    @Test
    void theContractsShortConversionConstructorKeepsItsCount() {
        Conversion c = new Conversion(List.of(), 3, List.of("x"));
        assertThat(c.rejectionsByReason()).isEqualTo(Map.of("unspecified", 3L));
        assertThat(c.warningsByCategory()).isEmpty();
    }
}
