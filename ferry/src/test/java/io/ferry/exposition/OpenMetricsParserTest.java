package io.ferry.exposition;

import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenMetricsParserTest {

    /** The overall example of the OpenMetrics 1.0 specification. */
    static final String SPEC_EXAMPLE = """
            # TYPE acme_http_router_request_seconds summary
            # UNIT acme_http_router_request_seconds seconds
            # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
            acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
            acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
            acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
            acme_http_router_request_seconds_sum{path="/api/v2",method="POST"} 479.3
            acme_http_router_request_seconds_count{path="/api/v2",method="POST"} 34.0
            acme_http_router_request_seconds_created{path="/api/v2",method="POST"} 1605281325.0
            # TYPE go_goroutines gauge
            # HELP go_goroutines Number of goroutines that currently exist.
            go_goroutines 69
            # TYPE process_cpu_seconds counter
            # UNIT process_cpu_seconds seconds
            # HELP process_cpu_seconds Total user and system CPU time spent in seconds.
            process_cpu_seconds_total 4.20072246e+06
            # EOF
            """;

    @Test
    void parsesTheSpecificationExample() throws Exception {
        List<MetricFamily> fs = parse(SPEC_EXAMPLE);
        assertThat(fs).extracting(MetricFamily::name)
                .containsExactly("acme_http_router_request_seconds", "go_goroutines", "process_cpu_seconds_total");
        MetricFamily acme = fs.getFirst();
        assertThat(acme.type()).isEqualTo(MetricType.SUMMARY);
        assertThat(acme.unit()).isEqualTo("seconds");
        assertThat(acme.help()).isEqualTo("Latency though all of ACME's HTTP request router.");
        assertThat(acme.metrics()).containsExactly(
                new SummaryMetric(Labels.of("path", "/api/v1", "method", "GET"), new double[0], new double[0],
                        9036.32, 807283, -1L << 63, 1605281325.0),
                new SummaryMetric(Labels.of("path", "/api/v2", "method", "POST"), new double[0], new double[0],
                        479.3, 34, -1L << 63, 1605281325.0));
        MetricFamily cpu = fs.get(2);
        assertThat(cpu.type()).isEqualTo(MetricType.COUNTER);
        assertThat(cpu.unit()).isEqualTo("seconds");
        assertThat(((ValueMetric) cpu.metrics().getFirst()).value()).isEqualTo(4.20072246e6);
    }

    @Test
    void writesTheSpecificationExampleBack() throws Exception {
        String written = new String(OpenMetricsWriter.INSTANCE.toBytes(parse(SPEC_EXAMPLE)), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo("""
                # TYPE acme_http_router_request_seconds summary
                # UNIT acme_http_router_request_seconds seconds
                # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
                acme_http_router_request_seconds_sum{method="GET",path="/api/v1"} 9036.32
                acme_http_router_request_seconds_count{method="GET",path="/api/v1"} 807283
                acme_http_router_request_seconds_created{method="GET",path="/api/v1"} 1.605281325e+09
                acme_http_router_request_seconds_sum{method="POST",path="/api/v2"} 479.3
                acme_http_router_request_seconds_count{method="POST",path="/api/v2"} 34
                acme_http_router_request_seconds_created{method="POST",path="/api/v2"} 1.605281325e+09
                # TYPE go_goroutines gauge
                # HELP go_goroutines Number of goroutines that currently exist.
                go_goroutines 69
                # TYPE process_cpu_seconds counter
                # UNIT process_cpu_seconds seconds
                # HELP process_cpu_seconds Total user and system CPU time spent in seconds.
                process_cpu_seconds_total 4.20072246e+06
                # EOF
                """);
        assertThat(parse(written)).isEqualTo(parse(SPEC_EXAMPLE));
    }

    @Test
    void parsesEveryTypeWithExemplarsAndTimestamps() throws Exception {
        List<MetricFamily> fs = parse("""
                # TYPE foo counter
                foo_total{a="1"} 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67 1520879602.1
                foo_created{a="1"} 1520430000.123
                # TYPE hist histogram
                hist_bucket{le="0.01"} 0
                hist_bucket{le="0.1"} 8 # {} 0.054
                hist_bucket{le="+Inf"} 17
                hist_count 17
                hist_sum 324789.3
                hist_created 1520430000.123
                # TYPE gh gaugehistogram
                gh_bucket{le="1.0"} 2
                gh_bucket{le="+Inf"} 3
                gh_gcount 3
                gh_gsum 2.5
                # TYPE state stateset
                state{state="a"} 1
                state{state="b"} 0
                # TYPE build info
                build_info{version="1.2"} 1
                # TYPE odd unknown
                odd 3
                undeclared 4
                # EOF
                """);
        assertThat(fs).extracting(MetricFamily::name, MetricFamily::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("foo_total", MetricType.COUNTER),
                org.assertj.core.groups.Tuple.tuple("hist", MetricType.HISTOGRAM),
                org.assertj.core.groups.Tuple.tuple("gh", MetricType.GAUGE_HISTOGRAM),
                org.assertj.core.groups.Tuple.tuple("state", MetricType.STATESET),
                org.assertj.core.groups.Tuple.tuple("build_info", MetricType.INFO),
                org.assertj.core.groups.Tuple.tuple("odd", MetricType.UNKNOWN),
                org.assertj.core.groups.Tuple.tuple("undeclared", MetricType.UNKNOWN));
        assertThat(fs.getFirst().metrics().getFirst()).isEqualTo(new ValueMetric(Labels.of("a", "1"), 17,
                1520879607789L, 1520430000.123, new Exemplar(Labels.of("trace_id", "KOO5S4vxi0o"), 0.67, 1520879602100L)));
        HistogramMetric h = (HistogramMetric) fs.get(1).metrics().getFirst();
        assertThat(h.exemplars()).containsExactly(null, new Exemplar(Labels.EMPTY, 0.054, -1L << 63), null);
        assertThat(h.count()).isEqualTo(17);
        assertThat(h.createdSeconds()).isEqualTo(1520430000.123);
        HistogramMetric gh = (HistogramMetric) fs.get(2).metrics().getFirst();
        assertThat(gh.sum()).isEqualTo(2.5);
        assertThat(gh.upperBounds()).containsExactly(1, Double.POSITIVE_INFINITY);

        // and the writer gives back the same families
        assertThat(parse(new String(OpenMetricsWriter.INSTANCE.toBytes(fs), StandardCharsets.UTF_8))).isEqualTo(fs);
    }

    @Test
    void aCounterNamedWithoutTotalIsWrittenAsUnknownUnderItsOwnName() throws Exception {
        // Text 0.0.4 allows it; OpenMetrics would make its sample jobs_done_total.
        List<MetricFamily> text = ExpositionFormat.PROMETHEUS_TEXT.parser(ParseLimits.DEFAULT)
                .parse("# HELP jobs_done Jobs.\n# TYPE jobs_done counter\njobs_done{q=\"a\"} 3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(OpenMetricsWriter.INSTANCE.toBytes(text), StandardCharsets.UTF_8)).isEqualTo("""
                # TYPE jobs_done unknown
                # HELP jobs_done Jobs.
                jobs_done{q="a"} 3
                # EOF
                """);
    }

    /**
     * A counter or info sample without its suffix breaks OpenMetrics' naming, but Prometheus stores
     * it under its own name: it is read as an unknown family of that name, not a failed body. A
     * family whose samples follow the rules after it is unaffected.
     */
    @Test
    void aCounterOrInfoSampleWithoutItsSuffixIsReadUnderItsOwnNameAsPrometheusStoresIt() throws Exception {
        List<MetricFamily> fs = parse("""
                # TYPE omd counter
                # HELP omd Done.
                omd 3
                # TYPE omc_total counter
                omc_total 4
                # TYPE om_info info
                om_info{version="1.2"} 1
                # TYPE ok counter
                ok_total 5
                # EOF
                """);
        assertThat(fs).extracting(MetricFamily::name).containsExactly("omd", "omc_total", "om_info", "ok_total");
        assertThat(fs).extracting(MetricFamily::type).containsExactly(MetricType.UNKNOWN, MetricType.UNKNOWN,
                MetricType.UNKNOWN, MetricType.COUNTER);
        assertThat(fs.getFirst().help()).isEqualTo("Done.");
        assertThat(fs.get(2).metrics().getFirst().labels()).isEqualTo(Labels.of("version", "1.2"));
        // Once a counter has its _total sample, a bare one is no part of it, as before.
        assertThatThrownBy(() -> parse("# TYPE c counter\nc_total 1\nc 2\n# EOF\n"))
                .hasMessage("line 3: sample \"c\" cannot belong to counter family \"c\" (counter samples end in _total or _created)");
    }

    @Test
    void timestampsAreExactDecimalSecondsTruncatedToMilliseconds() throws Exception {
        assertThat(ts("1.005")).isEqualTo(1005);
        assertThat(ts("1520879607.7899")).isEqualTo(1520879607789L);
        assertThat(ts("1.5e3")).isEqualTo(1_500_000);
        assertThat(ts("-1.5")).isEqualTo(-1500);
        assertThat(ts("0.0001")).isEqualTo(0);
    }

    @Test
    void helpEscapesAreThoseOfLabelValues() throws Exception {
        MetricFamily f = parse("# HELP m a \\\\ b \\\" c \\n d\nm 1\n# EOF\n").getFirst();
        assertThat(f.help()).isEqualTo("a \\ b \" c \n d");
    }

    @Test
    void emptyHelpAndUnitCountAsAbsent() throws Exception {
        MetricFamily f = parse("# TYPE m_seconds gauge\n# UNIT m_seconds\n# HELP m_seconds\nm_seconds 1\n# EOF").getFirst();
        assertThat(f.help()).isNull();
        assertThat(f.unit()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "m 1|1|the exposition does not end with # EOF",
            "m 1\\n# EOF\\nm 2|3|unexpected data after # EOF",
            "m 1\\n# EOF\\n\\n|3|unexpected data after # EOF",
            "m 1\\n\\nn 1\\n# EOF|2|blank lines are not allowed",
            "# a comment\\n# EOF|1|comments are not allowed in OpenMetrics",
            "m  1\\n# EOF|1|OpenMetrics separates tokens with exactly one space",
            "m{a=\"1\", b=\"2\"} 1\\n# EOF|1|invalid label name \" b\"",
            "a 1\\nb 1\\na 2\\n# EOF|3|metric family \"a\" appears again after other families",
            "# TYPE c counter\\nc_total 1\\nb 1\\nc_created 1\\n# EOF|4|sample \"c_created\" of metric family \"c\" appears after other families",
            "# TYPE m_bytes gauge\\n# UNIT m_bytes seconds\\n# EOF|2|unit \"seconds\" is not a suffix of metric family \"m_bytes\"",
            "# TYPE m untyped\\n# EOF|1|invalid metric type \"untyped\"",
            "m 1\\n# TYPE m gauge\\n# EOF|2|TYPE line for metric family \"m\" comes after its samples",
            "# TYPE g gauge\\ng 1 # {a=\"b\"} 1\\n# EOF|2|exemplars are allowed only on counter samples and histogram buckets",
            "# TYPE c counter\\nc_total 1 # {a=\"" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" + "\"} 1\\n# EOF|2|exemplar labels are 131 characters long",
            "m 1 NaN\\n# EOF|1|invalid timestamp \"NaN\"",
            "# TYPE c counter\\nc_created 1\\n# EOF|2|series c{} has _created but no value",
            "# TYPE s summary\\ns_created NaN\\n# EOF|2|a _created sample must be a time in seconds, not NaN",
            "c_total 1\\n# TYPE c counter\\nc_total 2\\n# EOF|1|metric family \"c_total\" collides with the _total samples of counter \"c\""})
    void rejectsWhatTheSpecificationForbids(String body, long line, String reason) {
        assertThatThrownBy(() -> parse(body.replace("\\n", "\n")))
                .isInstanceOfSatisfying(ExpositionException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.reason()).startsWith(reason);
                });
    }

    @Test
    void namesAndValuesRepeatedAtOtherOffsetsKeepTheirOwnText() throws Exception {
        String body = """
                # TYPE c counter
                c_total{code="200",path="/a\\"b\\\\"} 1
                c_created{code="200",path="/a\\"b\\\\"} 1.5
                c_total{code="200",path="/a\\"b\\\\x"} 2
                c_created{code="200",path="/a\\"b\\\\x"} 2.5
                # TYPE s summary
                s{code="200",quantile="0.5"} 1
                s_sum{code="200",quantile="0.5"} 4
                s_count{code="200",quantile="0.5"} 1
                s_sum{code="200"} 3
                s_count{code="200"} 2
                s{code="2000",quantile="0.5"} 1
                s_sum{code="2000"} 3
                s_count{code="2000"} 2
                # EOF
                """;
        // s_sum has a label named quantile: a label there, not the bound it is on the line before.
        List<MetricFamily> fs = parse(body);
        // Read one byte at a time, no earlier line is left to take anything from.
        assertThat(fs).isEqualTo(new OpenMetricsParser(ParseLimits.DEFAULT)
                .parse(PrometheusTextParserTest.oneByteAtATime(body)));
        assertThat(fs.getFirst().metrics()).containsExactly(
                new ValueMetric(Labels.of("code", "200", "path", "/a\"b\\"), 1, Metric.NO_TIMESTAMP, 1.5, null),
                new ValueMetric(Labels.of("code", "200", "path", "/a\"b\\x"), 2, Metric.NO_TIMESTAMP, 2.5, null));
        assertThat(fs.get(1).metrics()).extracting(m -> m.labels()).containsExactly(
                Labels.of("code", "200"), Labels.of("code", "200", "quantile", "0.5"), Labels.of("code", "2000"));
    }

    private static long ts(String text) throws ExpositionException {
        return parse("m 1 " + text + "\n# EOF\n").getFirst().metrics().getFirst().timestampMs();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|0", "007|7", "-0|-0.0", "999999999999999|999999999999999", "1234567890123456|1234567890123456",
            "9007199254740993|9007199254740992", "1.5e3|1500", "+Inf|Infinity", "NaN|NaN", "0.25|0.25"})
    void parsesValuesLikeGo(String text, double expected) throws Exception {
        Metric m = parse("m " + text + " 1.5\n# EOF\n").getFirst().metrics().getFirst();
        assertThat(Double.valueOf(((ValueMetric) m).value())).isEqualTo(Double.valueOf(expected));
        assertThat(m.timestampMs()).isEqualTo(1500);
    }

    static List<MetricFamily> parse(String body) throws ExpositionException {
        return new OpenMetricsParser(ParseLimits.DEFAULT).parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
