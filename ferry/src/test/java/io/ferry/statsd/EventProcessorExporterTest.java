package io.ferry.statsd;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.line.StatsdEvent;
import io.ferry.statsd.mapping.Mapper;
import io.ferry.statsd.mapping.MappingConfig;
import io.ferry.statsd.series.SeriesStore;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.Registry;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * statsd_exporter's exporter tests (pkg/exporter/exporter_test.go), their cases as data: events in,
 * the series and counters out. An event is written {@code kind name value [k=v,...]} (kinds c, g,
 * o for an observation); a series is served with the value statsd_exporter's test reads from it
 * (a counter's or gauge's value, a histogram's or summary's sum).
 */
class EventProcessorExporterTest {
    private static final String HISTOGRAMS = """
            mappings:
              - match: "histogram.*"
                observer_type: histogram
                name: "histogram_${1}"
            """;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Registry registry = new DefaultRegistry();
    private final SeriesStore store = new SeriesStore(clock, 1000);

    private EventProcessor processor(String mapping) throws Exception {
        Mapper mapper = new Mapper(mapping.isEmpty() ? MappingConfig.EMPTY : MappingConfig.parse(mapping, "mapping.yml"),
                0);
        return new EventProcessor(() -> mapper, store, labels -> { }, 128, registry);
    }

    private static StatsdEvent event(String text) {
        String[] f = text.trim().split(" ");
        MetricKind kind = switch (f[0]) {
            case "c" -> MetricKind.COUNTER;
            case "g" -> MetricKind.GAUGE;
            case "o" -> MetricKind.OBSERVER;
            default -> throw new IllegalArgumentException(f[0]);
        };
        return new StatsdEvent(kind, f[1], Double.parseDouble(f[2]), false, 1, null,
                f.length > 3 ? labels(f[3]) : Labels.EMPTY);
    }

    private static Labels labels(String pairs) {
        Labels.Builder b = Labels.builder();
        for (String p : pairs.split(",")) {
            if (!p.isEmpty()) {
                String[] kv = p.split("=");
                b.add(kv[0], kv[1]);
            }
        }
        return b.build();
    }

    private void send(EventProcessor p, String events) {
        for (String e : events.split(";")) {
            p.accept(event(e));
        }
    }

    /** The value statsd_exporter's getFloat64 reads: value, or the sum of a histogram or summary. */
    private OptionalDouble served(String name, Labels labels) {
        for (MetricFamily f : store.families()) {
            if (f.name().equals(name)) {
                for (Metric m : f.metrics()) {
                    if (m.labels().equals(labels)) {
                        return OptionalDouble.of(switch (m) {
                            case ValueMetric v -> v.value();
                            case HistogramMetric h -> h.sum();
                            case SummaryMetric s -> s.sum();
                            default -> throw new IllegalStateException(m.toString());
                        });
                    }
                }
            }
        }
        return OptionalDouble.empty();
    }

    private double counter(String name, String... labels) {
        return registry.collect().stream().filter(f -> f.name().equals(name)).flatMap(f -> f.metrics().stream())
                .filter(m -> m.labels().equals(Labels.of(labels))).mapToDouble(m -> ((ValueMetric) m).value())
                .findFirst().orElse(0);
    }

    /**
     * TestConflictingMetrics: each scenario's events, the value of each of its first events' series
     * (absent: the conflicting one was never created), and the type of the one conflicting event.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "counter vs gauge                       | c cvg_test 1; g cvg_test 2                                   | cvg_test=1 | gauge",
            "counter vs gauge with different labels | c cvgl_test 1 tag=1; c cvgl_test 2 tag=2; g cvgl_test 3 tag=1 | cvgl_test{tag=1}=1; cvgl_test{tag=2}=2 | gauge",
            "counter vs gauge with same labels      | c cvgsl_test 1 tag=1; c cvgsl_test 2 tag=1; g cvgsl_test 3 tag=1 | cvgsl_test{tag=1}=3 | gauge",
            "gauge vs counter                       | g gvc_test 2; c gvc_test 1                                   | gvc_test=2 | counter",
            "counter vs histogram                   | c histogram_test1 1; o histogram.test1 2                     | histogram_test1=1 | observer",
            "counter vs histogram sum               | c histogram_test1_sum 1; o histogram.test1 2                 | histogram_test1_sum=1; histogram_test1=absent | observer",
            "counter vs histogram count             | c histogram_test2_count 1; o histogram.test2 2               | histogram_test2_count=1; histogram_test2=absent | observer",
            "counter vs histogram bucket            | c histogram_test3_bucket 1; o histogram.test3 2              | histogram_test3_bucket=1; histogram_test3=absent | observer",
            "counter vs summary quantile            | c cvsq_test 1; o cvsq_test 2                                 | cvsq_test=1 | observer",
            "counter vs summary count               | c cvsc_count 1; o cvsc 2                                     | cvsc_count=1; cvsc=absent | observer",
            "counter vs summary sum                 | c cvss_sum 1; o cvss 2                                       | cvss_sum=1; cvss=absent | observer",
    })
    void conflictingMetrics(String name, String events, String expected, String conflict) throws Exception {
        send(processor(HISTOGRAMS), events);
        for (String want : expected.split(";")) {
            String w = want.trim();
            String[] kv = {w.substring(0, w.lastIndexOf('=')), w.substring(w.lastIndexOf('=') + 1)};
            String series = kv[0];
            int brace = series.indexOf('{');
            String metric = brace < 0 ? series : series.substring(0, brace);
            Labels labels = brace < 0 ? Labels.EMPTY : labels(series.substring(brace + 1, series.length() - 1));
            if (kv[1].equals("absent")) {
                assertThat(served(metric, labels)).as(series).isEmpty();
            } else {
                assertThat(served(metric, labels)).as(series).hasValue(Double.parseDouble(kv[1]));
            }
        }
        assertThat(counter("ferry_statsd_events_conflict_total", "type", conflict)).isEqualTo(1);
    }

    @Test
    void negativeCounter() throws Exception {
        send(processor(""), "c foo -1");
        assertThat(counter("ferry_statsd_events_error_total", "reason", "illegal_negative_counter")).isEqualTo(1);
        assertThat(served("foo", Labels.EMPTY)).isEmpty();
    }

    /** A label the exposition cannot carry would make every scrape of Ferry fail: the event is dropped. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a reserved tag                | c x 1 __name__=evil          | x        | __name__=evil",
            "any tag beginning with __     | g y 1 __meta=1               | y        | __meta=1",
            "quantile in a summary         | o t 100 quantile=x           | t        | quantile=x",
            "le in a histogram             | o histogram.h 1 le=1         | histogram_h | le=1",
    })
    void aLabelTheExpositionCannotCarryDropsTheEvent(String name, String event, String series, String tags)
            throws Exception {
        EventProcessor p = processor(HISTOGRAMS);
        send(p, event);
        assertThat(counter("ferry_statsd_events_error_total", "reason", "reserved_label")).isEqualTo(1);
        assertThat(served(series, labels(tags))).isEmpty();
        assertThat(store.families()).isEmpty();
    }

    @Test
    void aSeriesWithMoreLabelsThanTheLimitIsDroppedTheMappingsLabelsCounted() throws Exception {
        EventProcessor p = processor("mappings:\n  - match: \"wide.*\"\n    name: wide\n    labels: {extra: \"$1\"}\n");
        String fits = tags(127);
        String over = tags(128);
        send(p, "c wide.a 1 " + fits + "; c wide.b 1 " + over);
        assertThat(served("wide", labels(fits + ",extra=a"))).as("127 tags and the mapping's label").hasValue(1);
        assertThat(served("wide", labels(over + ",extra=b"))).isEmpty();
        assertThat(counter("ferry_statsd_events_error_total", "reason", "max_labels_per_series")).isEqualTo(1);
    }

    private static String tags(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "t" + i + "=v").collect(Collectors.joining(","));
    }

    @Test
    void quantileIsAnOrdinaryLabelOutsideSummariesAndLeOutsideHistograms() throws Exception {
        send(processor(""), "c c 1 quantile=x; g g 1 le=1; o s 2 le=1");
        assertThat(served("c", labels("quantile=x"))).hasValue(1);
        assertThat(served("g", labels("le=1"))).hasValue(1);
        assertThat(served("s", labels("le=1"))).hasValue(2);
        assertThat(counter("ferry_statsd_events_error_total", "reason", "reserved_label")).isZero();
    }

    @Test
    void inconsistentLabelSets() throws Exception {
        send(processor("mappings:\n  - match: histogram.test\n    observer_type: histogram\n    name: histogram_test\n"),
                "c counter_test 1 foo=1; c counter_test 1 foo=1,bar=2; g gauge_test 1 foo=1; g gauge_test 1 foo=1,bar=2;"
                        + "o histogram.test 1 foo=1; o histogram.test 1 foo=1,bar=2; o summary_test 1 foo=1;"
                        + "o summary_test 1 foo=1,bar=2");
        for (String name : List.of("counter_test", "gauge_test", "histogram_test", "summary_test")) {
            assertThat(served(name, labels("foo=1"))).as(name).isPresent();
            assertThat(served(name, labels("foo=1,bar=2"))).as(name).isPresent();
        }
    }

    @Test
    void labelParsing() throws Exception {
        send(processor("mappings:\n  - match: counter.test.*\n    name: counter_test\n    labels:\n      code: $1\n"),
                "c counter.test.200 1; c counter.test.300 1");
        assertThat(served("counter_test", labels("code=200"))).hasValue(1);
        assertThat(served("counter_test", labels("code=300"))).hasValue(1);
    }

    @Test
    void emptyStringMetric() throws Exception {
        send(processor("mappings:\n  - match: .*_bar\n    match_type: regex\n    name: \"${1}\"\n"), "c foo_bar 1");
        assertThat(counter("ferry_statsd_events_error_total", "reason", "empty_metric_name")).isEqualTo(1);
    }

    @Test
    void summaryWithQuantilesEmptyMapping() throws Exception {
        send(processor(""), "o default_foo 300");
        MetricFamily f = store.families().stream().filter(x -> x.name().equals("default_foo")).findFirst().orElseThrow();
        assertThat(((SummaryMetric) f.metrics().getFirst()).quantiles()).isNotEmpty();
    }

    @Test
    void histogramUnits() throws Exception {
        send(processor("defaults:\n  observer_type: histogram\n"), "o foo 0.3");
        assertThat(served("foo", Labels.EMPTY)).hasValue(0.3);
    }

    @Test
    void counterIncrement() throws Exception {
        send(processor(""), "c foo_counter 1 foo=bar; c foo_counter 1 foo=bar");
        assertThat(served("foo_counter", labels("foo=bar"))).hasValue(2);
    }

    @Test
    void ttlExpiration() throws Exception {
        send(processor("defaults:\n  ttl: 1s\nmappings:\n  - match: bazqux.*\n    name: bazqux\n    ttl: 2s\n"),
                "g foobar 200; o bazqux.main 42");
        assertThat(served("foobar", Labels.EMPTY)).hasValue(200);
        assertThat(served("bazqux", Labels.EMPTY)).hasValue(42);
        // The Go test steps 10 ns past the ttl; the store keeps time in milliseconds, so one past it.
        clock.advance(Duration.ofSeconds(1).plusMillis(1));
        store.expire();
        assertThat(served("foobar", Labels.EMPTY)).isEmpty();
        assertThat(served("bazqux", Labels.EMPTY)).hasValue(42);
        clock.advance(Duration.ofSeconds(1));
        store.expire();
        assertThat(served("bazqux", Labels.EMPTY)).isEmpty();
    }

    @Test
    void eventsAreCountedByTypeAndByWhatTheMappingDid() throws Exception {
        send(processor("mappings:\n  - match: a.*\n    name: a\n  - match: drop.*\n    action: drop\n    name: x\n"),
                "c a.b 1; c drop.me 1; g other 1");
        assertThat(counter("ferry_statsd_events_total", "type", "counter")).isEqualTo(2);
        assertThat(counter("ferry_statsd_events_total", "type", "gauge")).isEqualTo(1);
        assertThat(counter("ferry_statsd_events_actions_total", "action", "map")).isEqualTo(1);
        assertThat(counter("ferry_statsd_events_actions_total", "action", "drop")).isEqualTo(1);
        assertThat(counter("ferry_statsd_events_unmapped_total")).isEqualTo(1);
    }
}
