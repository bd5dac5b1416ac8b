package io.ferry.statsd.mapping;

import io.ferry.model.Labels;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.series.Quantile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading and checking the mapping file: statsd_exporter's rules of reference §2, and errors naming file, line and key. */
class MappingConfigTest {

    private static MappingConfig parse(String yaml) throws MappingException {
        return MappingConfig.parse(yaml, "m.yml");
    }

    private static void refused(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(MappingException.class).hasMessage(message);
    }

    @Test
    void anUnknownKeyNamesTheFileTheLineAndTheKey() {
        refused("""
                mappings:
                - match: a.b
                  name: x
                  nmae: y
                """, "m.yml:4: unknown key \"nmae\" in mappings[0] (allowed: match, match_type, match_metric_type, name, labels,"
                + " honor_labels, help, action, observer_type, summary_options, histogram_options, ttl, scale)");
        refused("""
                defaults:
                  summary_options:
                    max_agee: 1m
                """, "m.yml:3: unknown key \"max_agee\" in defaults.summary_options (allowed: quantiles, max_age, age_buckets,"
                + " buf_cap)");
        refused("mapping:\n- match: a\n", "m.yml:1: unknown key \"mapping\" at the top level (allowed: defaults, mappings)");
    }

    @Test
    void theKeysStatsdExporterRemovedAreRefusedWithTheirReplacement() {
        refused("""
                defaults:
                  timer_type: histogram
                """, "m.yml:2: unknown key \"timer_type\" in defaults (no longer part of statsd_exporter's mapping format:"
                + " use observer_type)");
        refused("""
                mappings:
                - match: a.b
                  name: x
                  buckets: [1, 2]
                """, "m.yml:4: unknown key \"buckets\" in mappings[0] (no longer part of statsd_exporter's mapping format:"
                + " use histogram_options.buckets)");
    }

    @Test
    void repeatedKeysAndWrongTypesAreRefused() {
        refused("mappings:\n- match: a\n  name: x\n  name: y\n", "m.yml:4: duplicate key \"name\" in mappings[0]");
        refused("mappings:\n- match: a\n  name: x\n  honor_labels: yes please\n",
                "m.yml:4: mappings[0].honor_labels must be true or false, got \"yes please\"");
        refused("mappings: {a: b}\n", "m.yml:1: mappings must be a sequence, got a mapping");
        refused("mappings:\n- match: a\n  name: x\n  scale: \"2\"\n", "m.yml:4: mappings[0].scale must be a number, got \"2\"");
        refused("- a\n", "m.yml:1: the mapping file must be a YAML mapping (defaults:, mappings:), got a sequence");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a single-character label name | match: a.*      | name: x | labels: {a: $1}    | invalid label key "a"
            a prefix glob (issue 481)      | match: 'a.b_*'  | name: x | labels: {}         | invalid glob "a.b_*"
            a first segment with a digit   | match: 9a.b     | name: x | labels: {}         | invalid glob "9a.b"
            a name with a dot              | match: a.b      | name: a.b | labels: {}       | metric name "a.b"
            a name with a named reference  | match: a.b      | name: 'x_${host}' | labels: {} | metric name "x_${host}"
            a negative ttl                 | match: a.b      | name: x | ttl: -1s           | must not be negative
            a ttl without a unit           | match: a.b      | name: x | ttl: 10           | missing unit
            an unknown match type          | match: a.b      | name: x | match_type: exact | invalid match type "exact"
            a regex Go refuses             | match: '(?=a)'  | name: x | match_type: regex | mappings[0].match:
            a scale that is not finite     | match: a.b      | name: x | scale: .inf       | must be a finite number
            """)
    void statsdExportersChecksAndAFewMore(String what, String match, String name, String extra, String message) {
        String yaml = "mappings:\n- " + match + "\n  " + name + "\n  " + extra + "\n";
        assertThatThrownBy(() -> parse(yaml)).as(what).isInstanceOf(MappingException.class)
                .hasMessageStartingWith("m.yml:").hasMessageContaining(message);
    }

    @Test
    void optionsThatContradictTheObserverTypeAreRefused() {
        refused("""
                mappings:
                - match: a.b
                  name: x
                  observer_type: histogram
                  summary_options: {max_age: 1m}
                """, "m.yml:5: mappings[0].summary_options: cannot be used with observer_type histogram");
        refused("""
                defaults:
                  observer_type: summary
                mappings:
                - match: a.b
                  name: x
                  histogram_options: {buckets: [1]}
                """, "m.yml:6: mappings[0].histogram_options: cannot be used with observer_type summary");
    }

    /** As statsd_exporter: with no observer type anywhere, neither option block is checked against it; a summary is made. */
    @Test
    void withNoObserverTypeAnywhereEitherOptionBlockIsAccepted() throws MappingException {
        Mapping m = new Mapper(parse("""
                mappings:
                - match: a.b
                  name: x
                  histogram_options: {buckets: [1]}
                """), 0).map("a.b", MetricKind.OBSERVER);
        assertThat(m.observerType()).isEqualTo(ObserverType.SUMMARY);
        assertThat(m.histogram().buckets()).containsExactly(1);
    }

    @Test
    void badOptionValuesAreRefused() {
        refused("defaults:\n  histogram_options: {buckets: [1, 0.5]}\n",
                "m.yml:2: defaults.histogram_options.buckets: histogram buckets must be in strictly increasing order: [1.0, 0.5]");
        refused("defaults:\n  summary_options: {quantiles: [{quantile: 1.5, error: 0.1}]}\n",
                "m.yml:2: defaults.summary_options.quantiles[0]: quantile must be between 0 and 1: 1.5");
        refused("defaults:\n  summary_options: {quantiles: [{quantile: 0.5, error: 0.1}, {quantile: 0.5, error: 0.2}]}\n",
                "m.yml:2: defaults.summary_options.quantiles: quantile given twice: 0.5");
        refused("defaults:\n  summary_options: {age_buckets: -1}\n",
                "m.yml:2: defaults.summary_options.age_buckets: -1 is out of range (0 to 2147483647)");
        refused("defaults:\n  summary_options: {quantiles: [{quantile: 0.5, eror: 0.1}]}\n",
                "m.yml:2: unknown key \"eror\" in defaults.summary_options.quantiles[0] (allowed: quantile, error)");
    }

    @Test
    void yamlErrorsNameTheLine() {
        assertThatThrownBy(() -> parse("mappings:\n- match: \"a\\.b\"\n  name: x\n"))
                .isInstanceOf(MappingException.class).hasMessageStartingWith("m.yml:2: invalid YAML");
        assertThatThrownBy(() -> parse("mappings:\n- match: \"\\u12\"\n"))
                .isInstanceOf(MappingException.class).hasMessageStartingWith("m.yml:");
    }

    @Test
    void histogramDefaultsAreInheritedFieldByField() throws MappingException {
        Mapper mapper = new Mapper(parse("""
                defaults:
                  observer_type: histogram
                  histogram_options:
                    buckets: [1, 2, .inf]
                    native_histogram_bucket_factor: 1.2
                mappings:
                - match: a.*
                  name: a
                  histogram_options:
                    native_histogram_max_buckets: 50
                - match: b.*
                  name: b
                  histogram_options:
                    buckets: [5]
                    native_histogram_bucket_factor: 1
                """), 0);
        Mapping a = mapper.map("a.x", MetricKind.OBSERVER);
        assertThat(a.observerType()).isEqualTo(ObserverType.HISTOGRAM);
        assertThat(a.histogram().buckets()).containsExactly(1, 2);
        assertThat(a.histogram().nativeBucketFactor()).isEqualTo(1.2);
        assertThat(a.histogram().nativeMaxBuckets()).isEqualTo(50);
        Mapping b = mapper.map("b.x", MetricKind.OBSERVER);
        assertThat(b.histogram().buckets()).containsExactly(5);
        assertThat(b.histogram().nativeBucketFactor()).isEqualTo(1);
        assertThat(b.histogram().nativeMaxBuckets()).isEqualTo(256);
    }

    @Test
    void anEmptyFileHasTheDefaultsOfAFileRead() throws MappingException {
        for (String text : List.of("", "# nothing\n", "---\n", "defaults:\nmappings:\n")) {
            Mapping m = new Mapper(parse(text), 0).map("a", MetricKind.OBSERVER);
            assertThat(m.histogram().buckets()).containsExactly(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10);
            assertThat(m.histogram().nativeBucketFactor()).isEqualTo(1.1);
            assertThat(m.histogram().nativeMaxBuckets()).isEqualTo(256);
            assertThat(m.summary().objectives()).containsExactly(
                    new Quantile(0.5, 0.05), new Quantile(0.9, 0.01), new Quantile(0.99, 0.001));
            assertThat(m.summary().maxAge()).isEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void statsdExportersExampleConfigLoadsAndMaps() throws Exception {
        MappingConfig config;
        try (InputStream in = getClass().getResourceAsStream("config.example.yml")) {
            config = MappingConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "config.example.yml");
        }
        assertThat(config.mappingCount()).isEqualTo(3);
        assertThat(config.globOrderingDisabled()).isTrue();
        Mapper mapper = new Mapper(config, 100);
        Mapping timer = mapper.map("test.timing.api.github.ok", MetricKind.OBSERVER);
        assertThat(timer.name()).isEqualTo("my_timer");
        assertThat(timer.help()).isEqualTo("Latency of the application");
        assertThat(timer.labels()).isEqualTo(Labels.of("provider", "github", "outcome", "ok", "job", "api_server"));
        assertThat(timer.observerType()).isEqualTo(ObserverType.HISTOGRAM);
        assertThat(timer.histogram().nativeMaxBuckets()).isEqualTo(160);
        Mapping tight = mapper.map("consistent_app.timing.a.b.c", MetricKind.OBSERVER);
        assertThat(tight.histogram().nativeBucketFactor()).isEqualTo(1.005);
        assertThat(tight.histogram().nativeMaxBuckets()).isEqualTo(160);
        assertThat(tight.histogram().buckets()).hasSize(11);
        Mapping summary = mapper.map("other.distribution.a.b.c", MetricKind.OBSERVER);
        assertThat(summary.observerType()).isEqualTo(ObserverType.SUMMARY);
        assertThat(summary.summary().objectives()).hasSize(4);
        assertThat(summary.summary().maxAge()).isEqualTo(Duration.ofMinutes(5));
    }

    /**
     * The mapping examples of statsd_exporter's README. Its examples that still use the removed
     * {@code timer_type}, and its regex example written {@code "(.*)\.(.*)--…"} in double quotes
     * (an invalid YAML escape, which statsd_exporter refuses too, as its README's own warning and
     * {@code TestAction} "invalid yaml example" show), are written here the way that loads.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dynamic name         | test.a.b.counter             | b_total           | provider=a
            regex name           | test.a.b.counter             | b_total           | provider=a
            help                 | http.request.200             | http_requests_total | code=200
            summary options      | test.timing.api.github.ok    | my_timer          | provider=github,outcome=ok,job=api_server
            histogram options    | test.timing.api.github.ok    | my_timer          | provider=github,outcome=ok,job=api_server
            regex request total  | h1.web--http.status.200.count | request_total    | hostname=h1,exec=web,protocol=http,code=200
            global defaults      | other.timing.api.github.ok   | other_timer       | provider=github,outcome=ok,job=api_server_other
            drop                 | anything.else                | dropped           |
            explicit metric type | test.foo.bar                 | test_foo          | provider=bar
            """)
    void readmeExamplesLoadAndMap(String example, String statsdName, String name, String labels) throws MappingException {
        Mapper mapper = new Mapper(parse(README_EXAMPLES.get(example)), 10);
        Mapping m = mapper.map(statsdName, example.equals("drop") || example.startsWith("explicit")
                ? MetricKind.COUNTER : MetricKind.OBSERVER);
        assertThat(m.mapped()).isTrue();
        assertThat(m.name()).isEqualTo(name);
        Labels.Builder expected = Labels.builder();
        if (labels != null) {
            for (String pair : labels.split(",")) {
                expected.add(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        assertThat(m.labels()).isEqualTo(expected.build());
        assertThat(m.action()).isEqualTo(example.equals("drop") ? Action.DROP : Action.MAP);
    }

    private static final java.util.Map<String, String> README_EXAMPLES = java.util.Map.of(
            "dynamic name", """
                    mappings:
                    - match: "test.*.*.counter"
                      name: "${2}_total"
                      labels:
                        provider: "$1"
                    """,
            "regex name", """
                    mappings:
                    - match: "test\\\\.(\\\\w+)\\\\.(\\\\w+)\\\\.counter"
                      match_type: regex
                      name: "${2}_total"
                      labels:
                        provider: "$1"
                    """,
            "help", """
                    mappings:
                    - match: "http.request.*"
                      help: "Total number of http requests"
                      name: "http_requests_total"
                      labels:
                        code: "$1"
                    """,
            "summary options", """
                    mappings:
                    - match: "test.timing.*.*.*"
                      observer_type: summary
                      name: "my_timer"
                      labels:
                        provider: "$2"
                        outcome: "$3"
                        job: "${1}_server"
                      summary_options:
                        quantiles:
                          - quantile: 0.99
                            error: 0.001
                          - quantile: 0.95
                            error: 0.01
                          - quantile: 0.9
                            error: 0.05
                          - quantile: 0.5
                            error: 0.005
                        max_age: 30s
                        age_buckets: 3
                        buf_cap: 1000
                    """,
            "histogram options", """
                    mappings:
                    - match: "test.timing.*.*.*"
                      observer_type: histogram
                      histogram_options:
                        buckets: [ 0.01, 0.025, 0.05, 0.1 ]
                      name: "my_timer"
                      labels:
                        provider: "$2"
                        outcome: "$3"
                        job: "${1}_server"
                    """,
            "regex request total", """
                    mappings:
                    - match: '(.*)\\.(.*)--(.*)\\.status\\.(.*)\\.count'
                      match_type: regex
                      name: "request_total"
                      labels:
                        hostname: "$1"
                        exec: "$2"
                        protocol: "$3"
                        code: "$4"
                    """,
            "global defaults", """
                    defaults:
                      observer_type: histogram
                      histogram_options:
                        buckets: [.005, .01, .025, .05, .1, .25, .5, 1, 2.5 ]
                      match_type: glob
                      glob_disable_ordering: false
                      ttl: 0 # metrics do not expire
                    mappings:
                    - match: "test.timing.*.*.*"
                      name: "my_timer"
                      labels:
                        provider: "$2"
                        outcome: "$3"
                        job: "${1}_server"
                    - match: "other.timing.*.*.*"
                      observer_type: summary
                      name: "other_timer"
                      labels:
                        provider: "$2"
                        outcome: "$3"
                        job: "${1}_server_other"
                    """,
            "drop", """
                    mappings:
                    - match: "test.timing.*.*.*"
                      name: "my_timer"
                      labels:
                        provider: "$2"
                        outcome: "$3"
                        job: "${1}_server"
                    - match: "."
                      match_type: regex
                      action: drop
                      name: "dropped"
                    """,
            "explicit metric type", """
                    mappings:
                    - match: "test.foo.*"
                      name: "test_foo"
                      match_metric_type: counter
                      labels:
                        provider: "$1"
                    """);

    @Test
    void loadReadsAFileAndNamesItInErrors(@TempDir Path dir) throws IOException, MappingException {
        Path file = dir.resolve("statsd.yml");
        Files.writeString(file, "mappings:\n- match: a.*\n  name: a_${1}\n");
        assertThat(MappingConfig.load(file).mappingCount()).isEqualTo(1);
        Files.writeString(file, "mappings:\n- match: a.*\n");
        assertThatThrownBy(() -> MappingConfig.load(file)).isInstanceOf(MappingException.class)
                .hasMessageStartingWith(file + ":2: ")
                .satisfies(e -> assertThat(((MappingException) e).line()).isEqualTo(2));
        Files.write(file, new byte[] {'m', (byte) 0xff, ':'});
        assertThatThrownBy(() -> MappingConfig.load(file)).isInstanceOf(MappingException.class)
                .hasMessage(file + ": not UTF-8 text");
    }
}
