package io.ferry.exposition;

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

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusTextParserTest {

    /** The example of the Prometheus exposition format documentation. */
    static final String DOC_EXAMPLE = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="0.1"} 33444
            http_request_duration_seconds_bucket{le="0.2"} 100392
            http_request_duration_seconds_bucket{le="0.5"} 129389
            http_request_duration_seconds_bucket{le="1"} 133988
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320

            # Finally a summary, which has a complex representation, too:
            # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.01"} 3102
            rpc_duration_seconds{quantile="0.05"} 3272
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds{quantile="0.9"} 9001
            rpc_duration_seconds{quantile="0.99"} 76656
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """;

    @Test
    void parsesTheDocumentationExample() throws Exception {
        List<MetricFamily> fs = parse(DOC_EXAMPLE);
        assertThat(fs).extracting(MetricFamily::name).containsExactly("http_requests_total",
                "msdos_file_access_time_seconds", "metric_without_timestamp_and_labels", "something_weird",
                "http_request_duration_seconds", "rpc_duration_seconds");

        MetricFamily requests = fs.get(0);
        assertThat(requests.type()).isEqualTo(MetricType.COUNTER);
        assertThat(requests.help()).isEqualTo("The total number of HTTP requests.");
        assertThat(requests.metrics()).containsExactly(
                new ValueMetric(Labels.of("method", "post", "code", "200"), 1027, 1395066363000L, Double.NaN, null),
                new ValueMetric(Labels.of("method", "post", "code", "400"), 3, 1395066363000L, Double.NaN, null));

        ValueMetric msdos = (ValueMetric) fs.get(1).metrics().getFirst();
        assertThat(fs.get(1).type()).isEqualTo(MetricType.UNTYPED);
        assertThat(fs.get(1).help()).isNull();
        assertThat(msdos.labels().get("path")).isEqualTo("C:\\DIR\\FILE.TXT");
        assertThat(msdos.labels().get("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
        assertThat(msdos.value()).isEqualTo(1.458255915e9);

        assertThat(((ValueMetric) fs.get(2).metrics().getFirst()).value()).isEqualTo(12.47);
        ValueMetric weird = (ValueMetric) fs.get(3).metrics().getFirst();
        assertThat(weird.value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(weird.timestampMs()).isEqualTo(-3982045);

        HistogramMetric h = (HistogramMetric) fs.get(4).metrics().getFirst();
        assertThat(h.labels()).isEqualTo(Labels.EMPTY);
        assertThat(h.upperBounds()).containsExactly(0.05, 0.1, 0.2, 0.5, 1, Double.POSITIVE_INFINITY);
        assertThat(h.cumulativeCounts()).containsExactly(24054, 33444, 100392, 129389, 133988, 144320);
        assertThat(h.sum()).isEqualTo(53423);
        assertThat(h.count()).isEqualTo(144320);

        SummaryMetric s = (SummaryMetric) fs.get(5).metrics().getFirst();
        assertThat(s.quantiles()).containsExactly(0.01, 0.05, 0.5, 0.9, 0.99);
        assertThat(s.values()).containsExactly(3102, 3272, 4773, 9001, 76656);
        assertThat(s.sum()).isEqualTo(1.7560473e7);
        assertThat(s.count()).isEqualTo(2693);
    }

    @Test
    void writesTheDocumentationExampleBackInCanonicalForm() throws Exception {
        String written = new String(PrometheusTextWriter.INSTANCE.toBytes(parse(DOC_EXAMPLE)), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo("""
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{code="200",method="post"} 1027 1395066363000
                http_requests_total{code="400",method="post"} 3 1395066363000
                # TYPE msdos_file_access_time_seconds untyped
                msdos_file_access_time_seconds{error="Cannot find file:\\n\\"FILE.TXT\\"",path="C:\\\\DIR\\\\FILE.TXT"} 1.458255915e+09
                # TYPE metric_without_timestamp_and_labels untyped
                metric_without_timestamp_and_labels 12.47
                # TYPE something_weird untyped
                something_weird{problem="division by zero"} +Inf -3982045
                # HELP http_request_duration_seconds A histogram of the request duration.
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.05"} 24054
                http_request_duration_seconds_bucket{le="0.1"} 33444
                http_request_duration_seconds_bucket{le="0.2"} 100392
                http_request_duration_seconds_bucket{le="0.5"} 129389
                http_request_duration_seconds_bucket{le="1"} 133988
                http_request_duration_seconds_bucket{le="+Inf"} 144320
                http_request_duration_seconds_sum 53423
                http_request_duration_seconds_count 144320
                # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
                # TYPE rpc_duration_seconds summary
                rpc_duration_seconds{quantile="0.01"} 3102
                rpc_duration_seconds{quantile="0.05"} 3272
                rpc_duration_seconds{quantile="0.5"} 4773
                rpc_duration_seconds{quantile="0.9"} 9001
                rpc_duration_seconds{quantile="0.99"} 76656
                rpc_duration_seconds_sum 1.7560473e+07
                rpc_duration_seconds_count 2693
                """);
    }

    @Test
    void helpUnescapesOnlyBackslashAndNewline() throws Exception {
        MetricFamily f = parse("# HELP m a \\\\ b \\n c \\\" d \\t\nm 1\n").getFirst();
        assertThat(f.help()).isEqualTo("a \\ b \n c \\\" d \\t");
    }

    @Test
    void labelValuesKeepUnknownEscapesVerbatim() throws Exception {
        ValueMetric m = value(parse("m{a=\"x\\ty\\\\z\"} 1\n"));
        assertThat(m.labels().get("a")).isEqualTo("x\\ty\\z");
    }

    @Test
    void acceptsBlanksAnywhereBetweenTokensAndATrailingComma() throws Exception {
        ValueMetric m = value(parse("  m \t{ a = \"1\" ,\tb=\"2\", } \t 3 \t 4 \n"));
        assertThat(m.labels()).isEqualTo(Labels.of("a", "1", "b", "2"));
        assertThat(m.value()).isEqualTo(3);
        assertThat(m.timestampMs()).isEqualTo(4);
    }

    @Test
    void toleratesAMissingFinalNewlineAndCrLf() throws Exception {
        assertThat(value(parse("m 1")).value()).isEqualTo(1);
        assertThat(value(parse("m 1\r\nn 2\r\n")).value()).isEqualTo(1);
    }

    @Test
    void ignoresCommentsAndBlankLines() throws Exception {
        List<MetricFamily> fs = parse("#HELP m not metadata\n# just a comment\n\n   \n# HELPER x\nm 1\n");
        assertThat(fs).hasSize(1);
        assertThat(fs.getFirst().help()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NaN|NaN", "nan|NaN", "+Inf|Infinity", "-Inf|-Infinity", "inf|Infinity", "+infinity|Infinity",
            "1e3|1000", "-0.5|-0.5", ".5|0.5", "5.|5", "+5|5", "1E-2|0.01", "123456789012345678901234|1.2345678901234568E23",
            // plain integers, read in the pass that finds the value's end up to 15 digits
            "0|0", "00|0", "007|7", "-0|-0.0", "+0|0", "999999999999999|999999999999999",
            "1234567890123456|1234567890123456", "9007199254740993|9007199254740992",
            "9007199254740995|9007199254740996", "18446744073709551617|1.8446744073709552E19",
            "000000000000000000001|1", "1.0|1", "1e0|1", "INF|Infinity", "-Infinity|-Infinity", "nAn|NaN",
            "0.1|0.1", "3.575858e+06|3575858", "0.0162511758534854|0.0162511758534854", "1e-400|0",
            "4.9e-324|4.9E-324", "1.7976931348623157e308|1.7976931348623157E308", "2.5e-1|0.25"})
    void parsesValuesLikeGo(String text, double expected) throws Exception {
        assertThat(Double.valueOf(value(parse("m " + text + "\n")).value())).isEqualTo(Double.valueOf(expected));
    }

    @Test
    void anIntegerValueEndsAtABlankBeforeItsTimestamp() throws Exception {
        ValueMetric m = value(parse("m 42\t 1700000000000\n"));
        assertThat(m.value()).isEqualTo(42);
        assertThat(m.timestampMs()).isEqualTo(1700000000000L);
        assertThat(value(parse("m 123456789012345\r\n")).value()).isEqualTo(123456789012345d);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0x1p3", "1_000", "1d", "1f", "-nan", "infin", "1e", "--1", "1e999", "abc", "1.2.3", "''",
            "12a", "123456789012345x", "1234567890123456x", "0x10", "1,5", "+-1", "1e+", "Inf1", "-"})
    void rejectsValuesGoRejects(String text) {
        assertThatThrownBy(() -> parse("m " + text + "\n"))
                .isInstanceOf(ExpositionException.class).hasMessageContaining("line 1: ");
    }

    @Test
    void histogramWithoutTypeIsThreeUntypedFamilies() throws Exception {
        List<MetricFamily> fs = parse("h_bucket{le=\"1\"} 1\nh_sum 2\nh_count 1\n");
        assertThat(fs).extracting(MetricFamily::name).containsExactly("h_bucket", "h_sum", "h_count");
        assertThat(fs).allMatch(f -> f.type() == MetricType.UNTYPED);
    }

    @Test
    void histogramLinesWithTheSameLabelsFormOneMetric() throws Exception {
        List<MetricFamily> fs = parse("""
                # TYPE h histogram
                h_bucket{a="1",le="1"} 1
                h_bucket{a="2",le="1"} 5
                h_bucket{le="+Inf",a="1"} 2
                h_sum{a="1"} 3
                h_count{a="1"} 2
                h_bucket{a="2",le="+Inf"} 6
                h_sum{a="2"} 7
                h_count{a="2"} 6
                """);
        List<Metric> ms = fs.getFirst().metrics();
        assertThat(ms).hasSize(2);
        HistogramMetric a1 = (HistogramMetric) ms.get(0);
        assertThat(a1.labels()).isEqualTo(Labels.of("a", "1"));
        assertThat(a1.upperBounds()).containsExactly(1, Double.POSITIVE_INFINITY);
        assertThat(a1.cumulativeCounts()).containsExactly(1, 2);
        assertThat(((HistogramMetric) ms.get(1)).count()).isEqualTo(6);
    }

    @Test
    void familiesMaySplitInTextFormat() throws Exception {
        List<MetricFamily> fs = parse("# TYPE a gauge\na{x=\"1\"} 1\nb 2\na{x=\"2\"} 3\n");
        assertThat(fs).hasSize(2);
        assertThat(fs.getFirst().metrics()).hasSize(2);
    }

    @Test
    void linesSharingAPrefixWithThePreviousLineKeepTheirOwnLabels() throws Exception {
        List<MetricFamily> fs = parse("""
                m{a="1",b="2"} 1
                m{a="1",b="3"} 2
                m{a="12",b="4"} 3
                m{a="12",b="3",c="x"} 4
                m{a="12",b="3",c="xy"} 5
                m{a="12",b="3"}6
                mm{a="12",b="3"} 7
                m{a="1"} 8
                """.replace("}6", "} 6"));
        assertThat(fs.get(0).metrics()).extracting(Metric::labels).containsExactly(
                Labels.of("a", "1", "b", "2"), Labels.of("a", "1", "b", "3"), Labels.of("a", "12", "b", "4"),
                Labels.of("a", "12", "b", "3", "c", "x"), Labels.of("a", "12", "b", "3", "c", "xy"),
                Labels.of("a", "12", "b", "3"), Labels.of("a", "1"));
        assertThat(fs.get(1).name()).isEqualTo("mm");
    }

    @Test
    void namesAndValuesRepeatedAtOtherOffsetsKeepTheirOwnText() throws Exception {
        String body = """
                # TYPE h histogram
                h_bucket{code="200",path="/a\\"b\\\\",le="1"} 1
                h_bucket{code="200",path="/a\\"b\\\\",le="+Inf"} 2
                h_sum{code="200",path="/a\\"b\\\\"} 3
                h_count{code="200",path="/a\\"b\\\\"} 2
                g{code="200",path="/a\\"b\\\\x"} 1
                g{code="2000",path="/a"} 2
                g{codes="200",path="/a"} 3
                g{ code = "200" , path="/a" } 4
                g{le="1"} 5
                h_bucket{le="1"} 1
                g{le="+Inf"} 6
                h_bucket{le="+Inf"} 1
                g{le="+Inf",x="ä"} 7
                g{le="+In",x="ä"} 8
                """;
        List<MetricFamily> fs = parse(body);
        // Read one byte at a time, no line is still in the buffer when the next is parsed, so
        // nothing is taken from the previous line: the same families either way.
        assertThat(fs).isEqualTo(parseTrickled(body));
        HistogramMetric h = (HistogramMetric) fs.getFirst().metrics().getFirst();
        assertThat(h.labels()).isEqualTo(Labels.of("code", "200", "path", "/a\"b\\"));
        assertThat(h.upperBounds()).containsExactly(1, Double.POSITIVE_INFINITY);
        assertThat(h.sum()).isEqualTo(3);
        assertThat(h.count()).isEqualTo(2);
        assertThat(fs.get(1).metrics()).extracting(Metric::labels).containsExactly(
                Labels.of("code", "200", "path", "/a\"b\\x"), Labels.of("code", "2000", "path", "/a"),
                Labels.of("codes", "200", "path", "/a"), Labels.of("code", "200", "path", "/a"),
                Labels.of("le", "1"), Labels.of("le", "+Inf"), Labels.of("le", "+Inf", "x", "ä"),
                Labels.of("le", "+In", "x", "ä"));
        assertThat(((HistogramMetric) fs.getFirst().metrics().get(1)).upperBounds())
                .containsExactly(1, Double.POSITIVE_INFINITY);
    }

    private static List<MetricFamily> parseTrickled(String body) throws ExpositionException {
        return new PrometheusTextParser(ParseLimits.DEFAULT).parse(oneByteAtATime(body));
    }

    /** The body as a stream that reads one byte per call, so no earlier line stays in the parser's buffer. */
    static InputStream oneByteAtATime(String body) {
        return new ByteArrayInputStream(bytes(body)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void aParserReusedAfterAFailureStartsAfresh() throws Exception {
        PrometheusTextParser parser = new PrometheusTextParser(ParseLimits.DEFAULT);
        String longLines = "metric_with_a_long_name{label=\"value\"} 1\nmetric_with_a_long_name{label=\"value\"} 1\n";
        assertThatThrownBy(() -> parser.parse(bytes(longLines))).isInstanceOf(ExpositionException.class);
        assertThat(parser.parse(bytes("m{a=\"b\"} 1\n"))).hasSize(1);
    }

    @Test
    void metadataWithoutSamplesIsDropped() throws Exception {
        assertThat(parse("# HELP a x\n# TYPE a gauge\n# TYPE b counter\n")).isEmpty();
        assertThat(parse("")).isEmpty();
    }

    @Test
    void readsFromAStreamInSmallPieces() throws Exception {
        byte[] body = DOC_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        assertThat(new PrometheusTextParser(ParseLimits.DEFAULT).parse(trickle)).isEqualTo(parse(DOC_EXAMPLE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0abc 1|line 1: invalid metric name \"0abc\"",
            "m{0a=\"1\"} 1|line 1: invalid label name \"0a\"",
            "m{a=\"1\",a=\"2\"} 1|line 1: duplicate label name \"a\"",
            "m{a=\"1\" b=\"2\"} 1|line 1: expected \",\" or \"}\" after the value of label \"a\"",
            "m{a=\"1} 1|line 1: label value has no closing quote",
            "m{a=1} 1|line 1: expected a quoted value for label \"a\"",
            "m 1 2 3|line 1: unexpected text after the timestamp",
            "m 1 1.5|line 1: invalid timestamp \"1.5\"",
            "m|line 1: missing value",
            "m{\"x.y\"} 1|line 1: quoted UTF-8 label names are not supported",
            "{\"x.y\"} 1|line 1: quoted UTF-8 metric names are not supported",
            "m-x 1|line 1: invalid metric name \"m-x\"",
            "# TYPE m gauges|line 1: invalid metric type \"gauges\"",
            "# TYPE m info|line 1: invalid metric type \"info\"",
            "# TYPE m|line 1: invalid metric type \"\"",
            "# HELP|line 1: missing metric name",
            "m 1 # {a=\"b\"} 1|line 1: invalid timestamp \"#\""})
    void rejectsBrokenLinesWithLineAndReason(String body, String message) {
        assertThatThrownBy(() -> parse(body + "\n"))
                .isInstanceOf(ExpositionException.class).hasMessageStartingWith(message);
    }

    @Test
    void aByteOrderMarkIsNamedRatherThanQuotedInvisibly() {
        for (String body : new String[] {"\uFEFF# TYPE m gauge\nm 1\n", "\uFEFFm 1\n"}) {
            assertThatThrownBy(() -> parse(body)).isInstanceOf(ExpositionException.class)
                    .hasMessageStartingWith("line 1: invalid metric name: it begins with a UTF-8 byte order mark (EF BB BF)");
        }
    }

    @Test
    void rejectsSemanticErrorsWithTheirLine() {
        assertError("m 1\nm 2\n", 2, "duplicate series m{}");
        assertError("# TYPE m gauge\n# TYPE m gauge\nm 1\n", 2, "second TYPE line for metric family \"m\"");
        assertError("# HELP m a\n# HELP m b\nm 1\n", 2, "second HELP line for metric family \"m\"");
        assertError("m 1\n# TYPE m gauge\n", 2, "TYPE line for metric family \"m\" comes after its samples");
        assertError("# TYPE h histogram\nh 1\n", 2, "sample \"h\" cannot belong to histogram family \"h\"");
        assertError("# TYPE h histogram\nh_bucket 1\n", 2, "histogram bucket has no \"le\" label");
        assertError("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", 2, "invalid \"le\" label value \"x\"");
        assertError("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"1.0\"} 1\n", 3, "duplicate bucket");
        assertError("# TYPE s summary\ns 1\n", 2, "summary sample has no \"quantile\" label");
        assertError("# TYPE s summary\ns_sum 1\n", 2, "summary s{} has a sum but no count");
        assertError("h_bucket 6\n# TYPE h histogram\nh_sum 1\nh_count 2\n", 1,
                "metric family \"h_bucket\" collides with the _bucket samples of histogram \"h\"");
        assertError("s_count{x=\"1\"} 6\n# TYPE s summary\ns_sum 1\n", 1,
                "metric family \"s_count\" collides with the _count samples of summary \"s\"");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] body = {'m', '{', 'a', '=', '"', (byte) 0xff, '"', '}', ' ', '1', '\n'};
        assertThatThrownBy(() -> new PrometheusTextParser(ParseLimits.DEFAULT).parse(body))
                .hasMessage("line 1: label value is not valid UTF-8");
        byte[] help = {'#', ' ', 'H', 'E', 'L', 'P', ' ', 'm', ' ', (byte) 0xc3, '\n', 'm', ' ', '1', '\n'};
        assertThatThrownBy(() -> new PrometheusTextParser(ParseLimits.DEFAULT).parse(help))
                .hasMessage("line 1: HELP text is not valid UTF-8");
    }

    @Test
    void keepsNullBytesAndUnicodeInValues() throws Exception {
        ValueMetric m = value(parse("m{a=\"x\u0000y\",b=\"h\u00e9\u4e16\"} 1\n"));
        assertThat(m.labels().get("a")).isEqualTo("x\u0000y");
        assertThat(m.labels().get("b")).isEqualTo("h\u00e9\u4e16");
    }

    @Test
    void enforcesLimitsWhileReading() {
        ParseLimits small = new ParseLimits(100, 20, 2);
        assertThatThrownBy(() -> new PrometheusTextParser(small).parse(bytes("m 1\nmetric_with_long_name 1\n")))
                .hasMessage("line 2: line is longer than the limit of 20 bytes");
        assertThatThrownBy(() -> new PrometheusTextParser(small).parse(bytes("m{a=\"\",b=\"\",c=\"\"} 1\n")))
                .hasMessageStartingWith("line 1: more than 2 labels");
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return '\n';
            }
        };
        assertThatThrownBy(() -> new PrometheusTextParser(small).parse(endless))
                .hasMessage("body is larger than the limit of 100 bytes");
        InputStream oneLongLine = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThatThrownBy(() -> new PrometheusTextParser(new ParseLimits(1 << 30, 1000, 8)).parse(oneLongLine))
                .hasMessage("line 1: line is longer than the limit of 1000 bytes");
    }

    @Test
    void collectsEveryProblemWhenAsked() {
        String body = "ok 1\n0bad 1\nok2 x\nok 2\n";
        assertThatThrownBy(() -> new PrometheusTextParser(ParseLimits.DEFAULT, true).parse(bytes(body)))
                .isInstanceOfSatisfying(ExpositionException.class, e -> assertThat(e.problems())
                        .extracting(ExpositionException.Problem::line).containsExactly(2L, 3L, 4L));
    }

    private static void assertError(String body, long line, String reason) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(ExpositionException.class, e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.reason()).startsWith(reason);
        });
    }

    private static ValueMetric value(List<MetricFamily> fs) {
        return (ValueMetric) fs.getFirst().metrics().getFirst();
    }

    static List<MetricFamily> parse(String body) throws ExpositionException {
        return new PrometheusTextParser(ParseLimits.DEFAULT).parse(bytes(body));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
