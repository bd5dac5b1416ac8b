package io.ferry.statsd.line;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.ferry.statsd.line.LineCase.counter;
import static io.ferry.statsd.line.LineCase.extended;
import static io.ferry.statsd.line.LineCase.gauge;
import static io.ferry.statsd.line.LineCase.observer;
import static io.ferry.statsd.line.LineCase.ok;
import static io.ferry.statsd.line.LineCase.refused;
import static io.ferry.statsd.line.LineCase.set;
import static io.ferry.statsd.line.SampleError.ILLEGAL_EVENT;
import static io.ferry.statsd.line.SampleError.INVALID_EXTENDED_AGGREGATE_TYPE;
import static io.ferry.statsd.line.SampleError.INVALID_SAMPLE_FACTOR;
import static io.ferry.statsd.line.SampleError.MALFORMED_COMPONENT;
import static io.ferry.statsd.line.SampleError.MALFORMED_CONTAINER_ID;
import static io.ferry.statsd.line.SampleError.MALFORMED_LINE;
import static io.ferry.statsd.line.SampleError.MALFORMED_VALUE;
import static io.ferry.statsd.line.SampleError.MIXED_TAGGING_STYLES;
import static io.ferry.statsd.line.SampleError.NOT_ENOUGH_PARTS_AFTER_COLON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cases of statsd_exporter's {@code TestLineToEvents} (pkg/line/line_test.go), every tag style
 * on, names kept. statsd_exporter emits an observer sampled at {@code @0.2} five times; Ferry emits
 * it once with {@code repeat} 5. Where the Go case gives no expected output, its loop asserts
 * nothing; here each such case says what Ferry (and, by reading the Go code, statsd_exporter) does.
 */
class LineParserTest {

    static Stream<LineCase> lineToEvents() {
        return Stream.of(
                ok("empty", ""),
                ok("simple counter", "foo:2|c", counter("foo", 2)),
                ok("simple gauge", "foo:3|g", gauge("foo", 3, false)),
                ok("gauge with sampling", "foo:3|g|@0.2", gauge("foo", 3, false)),
                ok("gauge decrement", "foo:-10|g", gauge("foo", -10, true)),
                ok("simple timer", "foo:200|ms", observer("foo", 0.2, 1)),
                ok("simple histogram", "foo:200|h", observer("foo", 200, 1)),
                ok("simple distribution", "foo:200|d", observer("foo", 200, 1)),
                ok("distribution with sampling", "foo:0.01|d|@0.2|#tag1:bar,#tag2:baz",
                        observer("foo", 0.01, 5, "tag1", "bar", "tag2", "baz")),
                ok("librato tag extension", "foo#tag1=bar,tag2=baz:100|c",
                        counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("librato tag extension with tag keys unsupported by prometheus", "foo#09digits=0,tag.with.dots=1:100|c",
                        counter("foo", 100, "_09digits", "0", "tag_with_dots", "1")),
                ok("influxdb tag extension", "foo,tag1=bar,tag2=baz:100|c",
                        counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("SignalFx tag extension", "foo.[tag1=bar,tag2=baz]test:100|c",
                        counter("foo.test", 100, "tag1", "bar", "tag2", "baz")),
                ok("SignalFx tag extension, tags at end of name", "foo.test[tag1=bar,tag2=baz]:100|c",
                        counter("foo.test", 100, "tag1", "bar", "tag2", "baz")),
                ok("SignalFx tag extension, tags at beginning of name", "[tag1=bar,tag2=baz]foo.test:100|c",
                        counter("foo.test", 100, "tag1", "bar", "tag2", "baz")),
                ok("SignalFx tag extension, no tags", "foo.[]test:100|c", counter("foo.test", 100)),
                ok("SignalFx tag extension, non-kv tags", "foo.[tag1,tag2]test:100|c", counter("foo.test", 100))
                        .tagErrors(2),
                ok("SignalFx tag extension, missing closing bracket", "[tag1=bar,tag2=bazfoo.test:100|c",
                        counter("[tag1=bar,tag2=bazfoo.test", 100)).tagErrors(1),
                ok("SignalFx tag extension, missing opening bracket", "tag1=bar,tag2=baz]foo.test:100|c",
                        counter("tag1=bar,tag2=baz]foo.test", 100)).tagErrors(1),
                ok("influxdb tag extension with tag keys unsupported by prometheus", "foo,09digits=0,tag.with.dots=1:100|c",
                        counter("foo", 100, "_09digits", "0", "tag_with_dots", "1")),
                ok("datadog tag extension", "foo:100|c|#tag1:bar,tag2:baz",
                        counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("datadog tag extension with # in all keys (as sent by datadog php client)", "foo:100|c|#tag1:bar,#tag2:baz",
                        counter("foo", 100, "tag1", "bar", "tag2", "baz")),
                ok("datadog tag extension with tag keys unsupported by prometheus", "foo:100|c|#09digits:0,tag.with.dots:1",
                        counter("foo", 100, "_09digits", "0", "tag_with_dots", "1")),
                ok("datadog tag extension with valueless tags: ignored", "foo:100|c|#tag_without_a_value",
                        counter("foo", 100)).tagErrors(1),
                ok("datadog tag extension with valueless tags (edge case)", "foo:100|c|#tag_without_a_value,tag:value",
                        counter("foo", 100, "tag", "value")).tagErrors(1),
                ok("datadog tag extension with empty tags (edge case)", "foo:100|c|#tag:value,,",
                        counter("foo", 100, "tag", "value")).tagErrors(1),
                ok("datadog tag extension with sampling", "foo:100|c|@0.1|#tag1:bar,#tag2:baz",
                        counter("foo", 1000, "tag1", "bar", "tag2", "baz")),
                refused("librato/dogstatsd mixed tag styles without sampling",
                        "foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                refused("signalfx/dogstatsd mixed tag styles without sampling",
                        "foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                refused("influxdb/dogstatsd mixed tag styles without sampling",
                        "foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                refused("mixed tag styles with sampling",
                        "foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz", MIXED_TAGGING_STYLES),
                ok("histogram with sampling", "foo:0.01|h|@0.2|#tag1:bar,#tag2:baz",
                        observer("foo", 0.01, 5, "tag1", "bar", "tag2", "baz")),
                ok("datadog tag extension with multiple colons", "foo:100|c|@0.1|#tag1:foo:bar",
                        counter("foo", 1000, "tag1", "foo:bar")),
                refused("datadog tag extension with invalid utf8 tag values",
                        "foo:100|c|@0.1|#tag:\\xc3\\x28invalid", MALFORMED_LINE),
                refused("datadog tag extension with both valid and invalid utf8 tag values",
                        "foo:100|c|@0.1|#tag1:valid,tag2:\\xc3\\x28invalid", MALFORMED_LINE),
                ok("datadog timings with extended aggregation values",
                        "foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz",
                        extended("foo_timing", true, 1, "tag1", "bar", "tag2", "baz")),
                ok("datadog timings with extended aggregation values without tags",
                        "foo_timing:0.5:120:3000:10:20000:0.01|ms", extended("foo_timing", true, 1)),
                ok("datadog timings with extended aggregation values and sampling but without tags",
                        "foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5", extended("foo_timing", true, 2)),
                ok("datadog timings with extended aggregation values, sampling, and tags",
                        "foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5|#tag1:bar,tag2:baz",
                        extended("foo_timing", true, 2, "tag1", "bar", "tag2", "baz")),
                ok("datadog histogram with extended aggregation values and tags",
                        "foo_histogram:0.5:120:3000:10:20000:0.01|h|#tag1:bar,tag2:baz",
                        extended("foo_histogram", false, 1, "tag1", "bar", "tag2", "baz")),
                ok("datadog distribution with extended aggregation values",
                        "foo_distribution:0.5:120:3000:10:20000:0.01|d|#tag1:bar,tag2:baz",
                        extended("foo_distribution", false, 1, "tag1", "bar", "tag2", "baz")),
                refused("datadog counter with invalid extended aggregation values",
                        "foo_counter:0.5:120:3000:10:20000:0.01|c|#tag1:bar,tag2:baz", INVALID_EXTENDED_AGGREGATE_TYPE),
                refused("datadog gauge with invalid extended aggregation values",
                        "foo_gauge:0.5:120:3000:10:20000:0.01|g|#tag1:bar,tag2:baz", INVALID_EXTENDED_AGGREGATE_TYPE),
                // The Go case expects nothing and asserts nothing: the SignalFX tags are valid and
                // extended aggregation is allowed for ms without DogStatsD tags, so six events.
                ok("datadog timing with extended aggregation values and invalid signalfx tags",
                        "foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms",
                        extended("foo.test", true, 1, "tag1", "bar", "tag2", "baz")),
                refused("SignalFX counter with invalid Datadog style extended aggregation values",
                        "foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|c", INVALID_EXTENDED_AGGREGATE_TYPE),
                refused("SignalFX no tags counter with invalid Datadog style extended aggregation values",
                        "foo.[]test:0.5:120:3000:10:20000:0.01|c", INVALID_EXTENDED_AGGREGATE_TYPE),
                // These three assert nothing in Go either; by its code (and here) they give six events.
                ok("SignalFX no tags with invalid Datadog style extended aggregation values and timings type",
                        "foo.[]test:0.5:120:3000:10:20000:0.01|ms", extended("foo.test", true, 1)),
                ok("Influx no tags with invalid Datadog style extended aggregation values and timings type",
                        "foo.test:0.5:120:3000:10:20000:0.01|ms", extended("foo.test", true, 1)),
                // Named "histogram type" upstream, but its input is a timer (|ms); kept as it is.
                ok("Influx no tags with invalid Datadog style extended aggregation values and histogram type",
                        "foo.test:0.5:120:3000:10:20000:0.01|ms", extended("foo.test", true, 1)),
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
                ok("ms timer with conversion to seconds", "foo:200|ms", observer("foo", 0.2, 1)),
                ok("histogram with no unit conversion", "foo:200|h", observer("foo", 200, 1)),
                ok("distribution with no unit conversion", "foo:200|d", observer("foo", 200, 1)),
                refused("invalid event split over lines part 1",
                        "karafka.consumer.consume.cpu_idle_second:  0.111090  -0.055903  -0.195390 (  2.419002)",
                        NOT_ENOUGH_PARTS_AFTER_COLON),
                // "|h|#consumer" is the name: Librato's '#' starts a tag without '=' (a tag error).
                refused("invalid event split over lines part 2",
                        "|h|#consumer:Kafka::SharedConfigurationConsumer,topic:shared_configuration_update,partition:1,consumer_group:tc_rc_us",
                        NOT_ENOUGH_PARTS_AFTER_COLON).tagErrors(1),
                ok("dogstatsd container ID extension", "foo:100|c|#tag1:value|c:container123",
                        counter("foo", 100, "tag1", "value", "container_id", "container123")),
                ok("dogstatsd container ID with tags", "foo:100|c|#tag1:bar,tag2:baz|c:container456",
                        counter("foo", 100, "tag1", "bar", "tag2", "baz", "container_id", "container456")),
                ok("dogstatsd container ID with gauge", "foo:50|g|#tag1:value|c:gauge_container",
                        gauge("foo", 50, false, "tag1", "value", "container_id", "gauge_container")),
                ok("dogstatsd container ID with timer", "foo:1000|ms|#tag1:value|c:timer_container",
                        observer("foo", 1, 1, "tag1", "value", "container_id", "timer_container")),
                ok("dogstatsd container ID with histogram", "foo:500|h|#tag1:value|c:hist_container",
                        observer("foo", 500, 1, "tag1", "value", "container_id", "hist_container")),
                refused("dogstatsd container ID malformed - no colon", "foo:100|c|#tag1:value|c", MALFORMED_CONTAINER_ID),
                refused("dogstatsd container ID malformed - no value after colon", "foo:100|c|#tag1:value|c:",
                        MALFORMED_CONTAINER_ID),
                ok("dogstatsd container ID with complex value", "foo:100|c|#tag1:value|c:sha256:abcd1234efgh5678",
                        counter("foo", 100, "tag1", "value", "container_id", "sha256:abcd1234efgh5678")));
    }

    /** Cases of the reference (statsd-otlp.md §1) and Ferry's own rules that the Go table lacks. */
    static Stream<LineCase> beyondTheGoTable() {
        return Stream.of(
                ok("gauge increment", "foo:+4|g", gauge("foo", 4, true)),
                ok("container ID after sampling and tags (5 parts)", "foo:100|c|@0.5|#tag1:value|c:abc",
                        counter("foo", 200, "tag1", "value", "container_id", "abc")),
                ok("six parts, timestamp last", "foo:1|c|@1|#a:b|c:x|T1656581400",
                        counter("foo", 1, "a", "b", "container_id", "x")),
                refused("seven parts", "foo:1|c|@1|#a:b|c:x|T1|T2", MALFORMED_COMPONENT),
                ok("timestamp ignored without parsing", "foo:1|c|Tnot-a-number", counter("foo", 1)),
                refused("unknown section", "foo:1|c|x", INVALID_SAMPLE_FACTOR),
                ok("bare DogStatsD tag section", "foo:1|c|#", counter("foo", 1)),
                ok("repeated tag key: the last wins", "foo:1|c|#a:1,b:2,a:3", counter("foo", 1, "a", "3", "b", "2")),
                ok("a container_id tag is replaced by |c:", "foo:1|c|#container_id:t|c:x", counter("foo", 1, "container_id", "x")),
                ok("multi-value line", "foo:1|c:2|c", counter("foo", 1), counter("foo", 2)),
                refused("several values for a counter", "foo:1:2|c", INVALID_EXTENDED_AGGREGATE_TYPE),
                ok("multi-value line with a bad sample", "foo:1|c:x|c:3|g", counter("foo", 1), gauge("foo", 3, false))
                        .errors(MALFORMED_VALUE),
                ok("multi-value sample without a type", "foo:1|c:2", counter("foo", 1)).errors(MALFORMED_COMPONENT),
                // No DogStatsD tags, so the line splits on ':' and "c:abc" falls apart, as in statsd_exporter.
                refused("container ID without tags splits apart", "foo:1|c|c:abc", MALFORMED_CONTAINER_ID, MALFORMED_COMPONENT),
                ok("sampling 0.3 gives 3 observations", "foo:1|h|@0.3", observer("foo", 1, 3)),
                refused("a rate above 1 leaves no observation", "foo:1|ms|@2", INVALID_SAMPLE_FACTOR),
                refused("a negative rate leaves no observation", "foo:1|ms|@-0.5", INVALID_SAMPLE_FACTOR),
                refused("a NaN rate leaves no observation", "foo:1|h|@NaN", INVALID_SAMPLE_FACTOR),
                ok("a rate out of range divides by infinity", "foo:5|c|@1e400", counter("foo", 0)).errors(INVALID_SAMPLE_FACTOR),
                ok("a tiny rate saturates the repeat", "foo:1|d|@1e-10", observer("foo", 1, Integer.MAX_VALUE)),
                // Go's int() of 1e300 on amd64 is the minimum int64: no observation.
                refused("a rate too small for Go's int leaves no observation", "foo:1|d|@1e-300", INVALID_SAMPLE_FACTOR),
                ok("two rates both divide", "foo:100|c|@0.5|@0.5", counter("foo", 400)),
                ok("counter may be negative here (the processor refuses it)", "foo:-1|c", counter("foo", -1)),
                ok("Go float syntax: hex, underscores, infinity", "a:0x1p-2|g\nb:1_000|c\nc:-Inf|g",
                        gauge("a", 0.25, false), counter("b", 1000), gauge("c", Double.NEGATIVE_INFINITY, true)),
                refused("Java float syntax is not Go's", "foo:1d|c", MALFORMED_VALUE),
                refused("no whitespace around a value", "foo: 1|c", MALFORMED_VALUE),
                ok("set", "uniques:765|s", set("uniques", "765")),
                ok("set of any text, tags and rate kept apart", "users:alice|s|@0.1|#env:prod", set("users", "alice", "env", "prod")),
                refused("set without a member", "users:|s", MALFORMED_VALUE),
                refused("set with several members", "users:a:b|s", INVALID_EXTENDED_AGGREGATE_TYPE),
                // statsd_exporter's SignalFX reading slices name["["+1 : "]"] and fails when ']' comes first.
                ok("SignalFX closing bracket before the opening one", "a]b[c:1|c", counter("a]b[c", 1)).tagErrors(1),
                ok("SignalFX tags that are all of the name", "[a=b]:1|c", counter("", 1, "a", "b")),
                // The ',' in "_e{5,4}" starts InfluxDB tags ("4}" has no '='); the value "title" is no number.
                refused("DogStatsD event", "_e{5,4}:title|text", MALFORMED_VALUE).tagErrors(1),
                refused("DogStatsD service check", "_sc|check.name|0", MALFORMED_LINE),
                refused("overlong UTF-8 form", "foo\\xc0\\xafbar:1|c", MALFORMED_LINE),
                refused("UTF-16 surrogate in UTF-8", "foo\\xed\\xa0\\x80:1|c", MALFORMED_LINE),
                refused("truncated UTF-8 at the end", "foo:1|c|#a:\\xe2\\x82", MALFORMED_LINE),
                ok("valid UTF-8 in name and tags", "café.hits:1|c|#city:Zürich,😱:1",
                        counter("café.hits", 1, "city", "Zürich", "_", "1")));
    }

    /** Etsy statsd's own examples (statsd/statsd docs/metric_types.md). */
    static Stream<LineCase> etsyExamples() {
        return Stream.of(
                ok("counting", "gorets:1|c", counter("gorets", 1)),
                ok("sampling", "gorets:1|c|@0.1", counter("gorets", 10)),
                ok("timing", "glork:320|ms|@0.1", observer("glork", 0.32, 10)),
                ok("gauges", "gaugor:333|g", gauge("gaugor", 333, false)),
                ok("gauge delta down", "gaugor:-10|g", gauge("gaugor", -10, true)),
                ok("gauge delta up", "gaugor:+4|g", gauge("gaugor", 4, true)),
                ok("sets", "uniques:765|s", set("uniques", "765")),
                ok("multi-metric packets", "gorets:1|c\nglork:320|ms\ngaugor:333|g\nuniques:765|s",
                        counter("gorets", 1), observer("glork", 0.32, 1), gauge("gaugor", 333, false), set("uniques", "765")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineToEvents")
    void lineToEvents(LineCase c) {
        c.check(TagStyles.ALL, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("beyondTheGoTable")
    void beyondTheGoTable(LineCase c) {
        c.check(TagStyles.ALL, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("etsyExamples")
    void etsyExamples(LineCase c) {
        c.check(TagStyles.ALL, true);
    }

    @Test
    void countsLinesSamplesAndTaggedSamples() {
        ParseStats stats = new ParseStats();
        LineParser parser = new LineParser(TagStyles.ALL, stats);
        byte[] packet = "a:1|c|#k:v\nb:1:2:3|ms|#k:v\n\nc:1|c:2|g\n".getBytes(StandardCharsets.UTF_8);
        List<StatsdEvent> events = new ArrayList<>();
        parser.parsePacket(packet, 0, packet.length, events::add);
        assertThat(events).hasSize(6);
        assertThat(stats.lines()).as("empty lines count, the last one too").isEqualTo(5);
        assertThat(stats.samples()).isEqualTo(6);
        assertThat(stats.tags()).as("samples with tags").isEqualTo(4);
        assertThat(stats.sampleErrorsTotal()).isZero();
    }

    @Test
    void samplesOfOneLineShareTheirNameAndTags() {
        List<StatsdEvent> events = new ArrayList<>();
        byte[] line = "t:1:2|ms|#k:v".getBytes(StandardCharsets.UTF_8);
        new LineParser(TagStyles.ALL, new ParseStats()).parseLine(line, 0, line.length, events::add);
        assertThat(events.get(1).name()).isSameAs(events.get(0).name());
        assertThat(events.get(1).tags()).isSameAs(events.get(0).tags());
    }

    @Test
    void aCarriageReturnStaysOnTheLineOfADatagram() {
        ParseStats stats = new ParseStats();
        List<StatsdEvent> events = new ArrayList<>();
        byte[] packet = "a:1|c\r\nb:2|g\n".getBytes(StandardCharsets.UTF_8);
        new LineParser(TagStyles.ALL, stats).parsePacket(packet, 0, packet.length, events::add);
        assertThat(events).containsExactly(gauge("b", 2, false));
        assertThat(stats.sampleErrors(ILLEGAL_EVENT)).as("type \"c\\r\"").isEqualTo(1);
    }

    @Test
    void parsesOnlyTheGivenRange() {
        List<StatsdEvent> events = new ArrayList<>();
        byte[] buf = "xxa:1|c\nb:2|cyy".getBytes(StandardCharsets.UTF_8);
        new LineParser(TagStyles.ALL, new ParseStats()).parsePacket(buf, 2, buf.length - 4, events::add);
        assertThat(events).containsExactly(counter("a", 1), counter("b", 2));
        assertThatThrownBy(() -> new LineParser(TagStyles.ALL, new ParseStats()).parsePacket(buf, 10, 10, e -> { }))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void countsSoFarAreKeptWhenTheConsumerThrows() {
        ParseStats stats = new ParseStats();
        byte[] packet = "a:1|c\nb:1|c".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new LineParser(TagStyles.ALL, stats).parsePacket(packet, 0, packet.length, e -> {
            throw new IllegalStateException("full");
        })).hasMessage("full");
        assertThat(stats.lines()).isEqualTo(1);
        assertThat(stats.samples()).isEqualTo(1);
    }
}
