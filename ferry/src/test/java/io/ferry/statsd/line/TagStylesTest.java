package io.ferry.statsd.line;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.ferry.statsd.line.LineCase.counter;
import static io.ferry.statsd.line.LineCase.extended;
import static io.ferry.statsd.line.LineCase.ok;
import static io.ferry.statsd.line.LineCase.refused;
import static io.ferry.statsd.line.SampleError.INVALID_EXTENDED_AGGREGATE_TYPE;
import static io.ferry.statsd.line.SampleError.MALFORMED_LINE;
import static io.ferry.statsd.line.SampleError.MIXED_TAGGING_STYLES;

/**
 * statsd_exporter's {@code TestDisableParsing*LineToEvents} (pkg/line/line_test.go): the same lines
 * with tag styles switched off, names kept. Rows that only repeat {@code TestLineToEvents} with an
 * unchanged result are left to {@link LineParserTest}; every row whose result the switch changes is
 * here. The Go mixed-style rows expect nothing and assert nothing: where a style is off the tags in
 * the name are no tags, so the line is not mixed and Ferry (like statsd_exporter's code) keeps it.
 */
class TagStylesTest {
    private static final TagStyles NO_DOGSTATSD = new TagStyles(false, true, true, true);
    private static final TagStyles NO_INFLUXDB = new TagStyles(true, false, true, true);
    private static final TagStyles NO_LIBRATO = new TagStyles(true, true, false, true);
    private static final TagStyles NO_SIGNALFX = new TagStyles(true, true, true, false);

    /** TestDisableParsingLineToEvents: every style off. */
    static Stream<LineCase> none() {
        return Stream.of(
                ok("librato tag extension", "foo#tag1=bar,tag2=baz:100|c", counter("foo#tag1=bar,tag2=baz", 100)),
                ok("librato tag extension with tag keys unsupported by prometheus", "foo#09digits=0,tag.with.dots=1:100|c",
                        counter("foo#09digits=0,tag.with.dots=1", 100)),
                ok("influxdb tag extension", "foo,tag1=bar,tag2=baz:100|c", counter("foo,tag1=bar,tag2=baz", 100)),
                ok("SignalFx tag extension", "foo.[tag1=bar,tag2=baz]test:100|c", counter("foo.[tag1=bar,tag2=baz]test", 100)),
                ok("SignalFx tag extension, tags at end of name", "foo.test[tag1=bar,tag2=baz]:100|c",
                        counter("foo.test[tag1=bar,tag2=baz]", 100)),
                ok("SignalFx tag extension, tags at beginning of name", "[tag1=bar,tag2=baz]foo.test:100|c",
                        counter("[tag1=bar,tag2=baz]foo.test", 100)),
                ok("SignalFx tag extension, no tags", "foo.[]test:100|c", counter("foo.[]test", 100)),
                ok("SignalFx tag extension, non-kv tags", "foo.[tag1,tag2]test:100|c", counter("foo.[tag1,tag2]test", 100)),
                ok("SignalFx tag extension, missing closing bracket", "[tag1=bar,tag2=bazfoo.test:100|c",
                        counter("[tag1=bar,tag2=bazfoo.test", 100)),
                ok("SignalFx tag extension, missing opening bracket", "tag1=bar,tag2=baz]foo.test:100|c",
                        counter("tag1=bar,tag2=baz]foo.test", 100)),
                ok("influxdb tag extension with tag keys unsupported by prometheus", "foo,09digits=0,tag.with.dots=1:100|c",
                        counter("foo,09digits=0,tag.with.dots=1", 100)),
                ok("datadog tag extension", "foo:100|c|#tag1:bar,tag2:baz", counter("foo", 100)),
                ok("datadog tag extension with # in all keys (as sent by datadog php client)", "foo:100|c|#tag1:bar,#tag2:baz",
                        counter("foo", 100)),
                ok("datadog tag extension with tag keys unsupported by prometheus", "foo:100|c|#09digits:0,tag.with.dots:1",
                        counter("foo", 100)),
                ok("datadog tag extension with valueless tags: ignored", "foo:100|c|#tag_without_a_value", counter("foo", 100)),
                ok("datadog tag extension with valueless tags (edge case)", "foo:100|c|#tag_without_a_value,tag:value",
                        counter("foo", 100)),
                ok("datadog tag extension with empty tags (edge case)", "foo:100|c|#tag:value,,", counter("foo", 100)),
                ok("datadog tag extension with sampling", "foo:100|c|@0.1|#tag1:bar,#tag2:baz", counter("foo", 1000)),
                ok("datadog timings with extended aggregation values",
                        "foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz", extended("foo_timing", true, 1)),
                ok("datadog timings with extended aggregation values, sampling, and tags",
                        "foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5|#tag1:bar,tag2:baz", extended("foo_timing", true, 2)),
                ok("datadog histogram with extended aggregation values and tags",
                        "foo_histogram:0.5:120:3000:10:20000:0.01|h|#tag1:bar,tag2:baz", extended("foo_histogram", false, 1)),
                refused("datadog counter with invalid extended aggregation values",
                        "foo_counter:0.5:120:3000:10:20000:0.01|c|#tag1:bar,tag2:baz", INVALID_EXTENDED_AGGREGATE_TYPE),
                ok("datadog timing with extended aggregation values and invalid signalfx tags",
                        "foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms",
                        extended("foo.[tag1=bar,tag2=baz]test", true, 1)),
                ok("SignalFX no tags with invalid Datadog style extended aggregation values and timings type",
                        "foo.[]test:0.5:120:3000:10:20000:0.01|ms", extended("foo.[]test", true, 1)),
                ok("librato/dogstatsd mixed tag styles without sampling", "foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz",
                        counter("foo#tag1=foo,tag3=bing", 100)),
                ok("signalfx/dogstatsd mixed tag styles without sampling", "foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz",
                        counter("foo[tag1=foo,tag3=bing]", 100)),
                ok("influxdb/dogstatsd mixed tag styles without sampling", "foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz",
                        counter("foo,tag1=foo,tag3=bing", 100)),
                ok("mixed tag styles with sampling", "foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz",
                        counter("foo#tag1=foo,tag3=bing", 1000)),
                ok("datadog tag extension with multiple colons", "foo:100|c|@0.1|#tag1:foo:bar", counter("foo", 1000)),
                refused("datadog tag extension with invalid utf8 tag values", "foo:100|c|@0.1|#tag:\\xc3\\x28invalid",
                        MALFORMED_LINE));
    }

    /** TestDisableParsingDogstatsdLineToEvents: DogStatsD tags off; a name's tags still refuse a "|#" line. */
    static Stream<LineCase> noDogStatsd() {
        return Stream.of(
                ok("librato tag extension", "foo#tag1=bar,tag2=baz:100|c", counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("SignalFx tag extension", "foo.[tag1=bar,tag2=baz]test:100|c",
                        counter("foo.test", 100, "tag1", "bar", "tag2", "baz")),
                ok("datadog tag extension", "foo:100|c|#tag1:bar,tag2:baz", counter("foo", 100)),
                ok("datadog tag extension with valueless tags: ignored", "foo:100|c|#tag_without_a_value", counter("foo", 100)),
                ok("datadog tag extension with sampling", "foo:100|c|@0.1|#tag1:bar,#tag2:baz", counter("foo", 1000)),
                ok("datadog timings with extended aggregation values",
                        "foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz", extended("foo_timing", true, 1)),
                ok("datadog distribution with extended aggregation values",
                        "foo_distribution:0.5:120:3000:10:20000:0.01|d|#tag1:bar,tag2:baz", extended("foo_distribution", false, 1)),
                refused("librato/dogstatsd mixed tag styles without sampling",
                        "foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                refused("signalfx/dogstatsd mixed tag styles without sampling",
                        "foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                refused("influxdb/dogstatsd mixed tag styles without sampling",
                        "foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                ok("datadog tag extension with multiple colons", "foo:100|c|@0.1|#tag1:foo:bar", counter("foo", 1000)));
    }

    /** TestDisableParsingInfluxdbLineToEvents: InfluxDB tags off. */
    static Stream<LineCase> noInfluxdb() {
        return Stream.of(
                ok("librato tag extension", "foo#tag1=bar,tag2=baz:100|c", counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("influxdb tag extension", "foo,tag1=bar,tag2=baz:100|c", counter("foo,tag1=bar,tag2=baz", 100)),
                ok("influxdb tag extension with tag keys unsupported by prometheus", "foo,09digits=0,tag.with.dots=1:100|c",
                        counter("foo,09digits=0,tag.with.dots=1", 100)),
                ok("SignalFx tag extension, non-kv tags", "foo.[tag1,tag2]test:100|c", counter("foo.test", 100)).tagErrors(2),
                ok("datadog tag extension", "foo:100|c|#tag1:bar,tag2:baz", counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                refused("librato/dogstatsd mixed tag styles without sampling",
                        "foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                ok("influxdb/dogstatsd mixed tag styles without sampling", "foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz",
                        counter("foo,tag1=foo,tag3=bing", 100, "tag1", "bar", "tag2", "baz")));
    }

    /** TestDisableParsingLibratoLineToEvents: Librato off, so its tags read as InfluxDB's from the first ','. */
    static Stream<LineCase> noLibrato() {
        return Stream.of(
                ok("librato tag extension", "foo#tag1=bar,tag2=baz:100|c", counter("foo#tag1=bar", 100, "tag2", "baz")),
                ok("librato tag extension with tag keys unsupported by prometheus", "foo#09digits=0,tag.with.dots=1:100|c",
                        counter("foo#09digits=0", 100, "tag_with_dots", "1")),
                ok("influxdb tag extension", "foo,tag1=bar,tag2=baz:100|c", counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                refused("librato/dogstatsd mixed tag styles without sampling",
                        "foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                refused("mixed tag styles with sampling",
                        "foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES));
    }

    /** TestDisableParsingSignalfxLineToEvents: SignalFX off, so its brackets read as InfluxDB tags. */
    static Stream<LineCase> noSignalfx() {
        return Stream.of(
                ok("SignalFx tag extension", "foo.[tag1=bar,tag2=baz]test:100|c", counter("foo.[tag1=bar", 100, "tag2", "baz]test")),
                ok("SignalFx tag extension, tags at end of name", "foo.test[tag1=bar,tag2=baz]:100|c",
                        counter("foo.test[tag1=bar", 100, "tag2", "baz]")),
                ok("SignalFx tag extension, tags at beginning of name", "[tag1=bar,tag2=baz]foo.test:100|c",
                        counter("[tag1=bar", 100, "tag2", "baz]foo.test")),
                ok("SignalFx tag extension, no tags", "foo.[]test:100|c", counter("foo.[]test", 100)),
                ok("SignalFx tag extension, non-kv tags", "foo.[tag1,tag2]test:100|c", counter("foo.[tag1", 100)).tagErrors(1),
                ok("SignalFx tag extension, missing closing bracket", "[tag1=bar,tag2=bazfoo.test:100|c",
                        counter("[tag1=bar", 100, "tag2", "bazfoo.test")),
                ok("SignalFx tag extension, missing opening bracket", "tag1=bar,tag2=baz]foo.test:100|c",
                        counter("tag1=bar", 100, "tag2", "baz]foo.test")),
                ok("librato tag extension", "foo#tag1=bar,tag2=baz:100|c", counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                refused("signalfx/dogstatsd mixed tag styles without sampling",
                        "foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                ok("datadog timing with extended aggregation values and invalid signalfx tags",
                        "foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms",
                        extended("foo.[tag1=bar", true, 1, "tag2", "baz]test")),
                ok("SignalFX no tags with invalid Datadog style extended aggregation values and timings type",
                        "foo.[]test:0.5:120:3000:10:20000:0.01|ms", extended("foo.[]test", true, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("none")
    void disableParsing(LineCase c) {
        c.check(TagStyles.NONE, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noDogStatsd")
    void disableParsingDogstatsd(LineCase c) {
        c.check(NO_DOGSTATSD, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noInfluxdb")
    void disableParsingInfluxdb(LineCase c) {
        c.check(NO_INFLUXDB, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noLibrato")
    void disableParsingLibrato(LineCase c) {
        c.check(NO_LIBRATO, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noSignalfx")
    void disableParsingSignalfx(LineCase c) {
        c.check(NO_SIGNALFX, false);
    }
}
