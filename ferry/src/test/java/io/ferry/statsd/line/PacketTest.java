package io.ferry.statsd.line;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.ferry.statsd.line.LineCase.counter;
import static io.ferry.statsd.line.LineCase.gauge;
import static io.ferry.statsd.line.LineCase.observer;
import static io.ferry.statsd.line.LineCase.ok;
import static io.ferry.statsd.line.LineCase.refused;
import static io.ferry.statsd.line.SampleError.ILLEGAL_EVENT;
import static io.ferry.statsd.line.SampleError.INVALID_SAMPLE_FACTOR;
import static io.ferry.statsd.line.SampleError.MALFORMED_COMPONENT;
import static io.ferry.statsd.line.SampleError.MALFORMED_LINE;
import static io.ferry.statsd.line.SampleError.MALFORMED_VALUE;
import static io.ferry.statsd.line.SampleError.MIXED_TAGGING_STYLES;
import static io.ferry.statsd.line.SampleError.NOT_ENOUGH_PARTS_AFTER_COLON;

/**
 * The packet cases of statsd_exporter's {@code TestHandlePacket} (bridge_test.go), names kept: whole
 * datagrams, several lines each, through {@link LineParser#parsePacket}. The single-line rows repeat
 * {@code TestLineToEvents} and are kept for the packet path; the multi-line rows show that one bad
 * line leaves the others of its packet alone.
 */
class PacketTest {

    static Stream<LineCase> handlePacket() {
        return Stream.of(
                ok("empty", ""),
                ok("simple counter", "foo:2|c", counter("foo", 2)),
                ok("simple gauge", "foo:3|g", gauge("foo", 3, false)),
                ok("gauge with sampling", "foo:3|g|@0.2", gauge("foo", 3, false)),
                ok("gauge decrement", "foo:-10|g", gauge("foo", -10, true)),
                // From the newer bridge_test.go (statsd-otlp.md §1.3): a negative value is always relative.
                ok("gauge set negative", "foo:0|g\nfoo:-1|g", gauge("foo", 0, false), gauge("foo", -1, true)),
                ok("simple timer", "foo:200|ms", observer("foo", 0.2, 1)),
                ok("simple histogram", "foo:200|h", observer("foo", 200, 1)),
                ok("simple distribution", "foo:200|d", observer("foo", 200, 1)),
                ok("distribution with sampling", "foo:0.01|d|@0.2|#tag1:bar,#tag2:baz",
                        observer("foo", 0.01, 5, "tag1", "bar", "tag2", "baz")),
                ok("librato tag extension", "foo#tag1=bar,tag2=baz:100|c", counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("influxdb tag extension", "foo,tag1=bar,tag2=baz:100|c", counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("SignalFx tag extension", "foo.[tag1=bar,tag2=baz]test:100|c",
                        counter("foo.test", 100, "tag1", "bar", "tag2", "baz")),
                ok("datadog tag extension", "foo:100|c|#tag1:bar,tag2:baz", counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("datadog tag extension with sampling", "foo:100|c|@0.1|#tag1:bar,#tag2:baz",
                        counter("foo", 1000, "tag1", "bar", "tag2", "baz")),
                refused("librato/dogstatsd mixed tag styles without sampling",
                        "foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                refused("mixed tag styles with sampling",
                        "foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                ok("histogram with sampling", "foo:0.01|h|@0.2|#tag1:bar,#tag2:baz",
                        observer("foo", 0.01, 5, "tag1", "bar", "tag2", "baz")),
                ok("datadog tag extension with multiple colons", "foo:100|c|@0.1|#tag1:foo:bar",
                        counter("foo", 1000, "tag1", "foo:bar")),
                refused("datadog tag extension with invalid utf8 tag values", "foo:100|c|@0.1|#tag:\\xc3\\x28invalid",
                        MALFORMED_LINE),
                ok("multiple metrics with invalid datadog utf8 tag values", "foo:200|c|#tag:value\nfoo:300|c|#tag:\\xc3\\x28invalid",
                        counter("foo", 200, "tag", "value")).errors(MALFORMED_LINE),
                ok("combined multiline metrics", "foo:200|ms:300|ms:5|c|@0.1:6|g\nbar:1|c:5|ms",
                        observer("foo", 0.2, 1), observer("foo", 0.3, 1), counter("foo", 50), gauge("foo", 6, false),
                        counter("bar", 1), observer("bar", 0.005, 1)),
                ok("timings with sampling factor", "foo.timing:0.5|ms|@0.1", observer("foo.timing", 0.0005, 10)),
                refused("bad line", "foo", MALFORMED_LINE),
                refused("bad component", "foo:1", NOT_ENOUGH_PARTS_AFTER_COLON),
                refused("bad value", "foo:1o|c", MALFORMED_VALUE),
                ok("illegal sampling factor", "foo:1|c|@bar", counter("foo", 1)).errors(INVALID_SAMPLE_FACTOR),
                ok("zero sampling factor", "foo:2|c|@0", counter("foo", 2)),
                refused("illegal stat type", "foo:2|t", ILLEGAL_EVENT),
                refused("empty metric name", ":100|ms", MALFORMED_LINE),
                refused("empty component", "foo:1|c|", MALFORMED_COMPONENT),
                refused("invalid utf8", "invalid\\xc3\\x28utf8:1|c", MALFORMED_LINE),
                ok("some invalid utf8", "valid_utf8:1|c\ninvalid\\xc3\\x28utf8:1|c", counter("valid_utf8", 1))
                        .errors(MALFORMED_LINE),
                ok("ms timer with conversion to seconds", "foo:200|ms", observer("foo", 0.2, 1)),
                ok("histogram with no unit conversion", "foo:200|h", observer("foo", 200, 1)),
                ok("distribution with no unit conversion", "foo:200|d", observer("foo", 200, 1)),
                // Ferry's own: every kind of bad line between good ones, and a trailing newline.
                ok("bad lines of every kind between good ones",
                        "a:1|c\nfoo\nb:1|c\nfoo:1\nc:1|c\nx:1:2|c\nd:1|c\n\\xff:1|c\ne:1|c\n",
                        counter("a", 1), counter("b", 1), counter("c", 1), counter("d", 1), counter("e", 1))
                        .errors(MALFORMED_LINE, NOT_ENOUGH_PARTS_AFTER_COLON,
                                SampleError.INVALID_EXTENDED_AGGREGATE_TYPE, MALFORMED_LINE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlePacket")
    void handlePacket(LineCase c) {
        c.check(TagStyles.ALL, true);
    }
}
