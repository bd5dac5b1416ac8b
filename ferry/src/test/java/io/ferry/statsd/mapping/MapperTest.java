package io.ferry.statsd.mapping;

import io.ferry.model.Labels;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.series.SummaryOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the mapper does beyond statsd_exporter's own test cases: the rules of reference §2.1 and §2.2. */
class MapperTest {

    private static Mapper mapper(String yaml) throws MappingException {
        return new Mapper(MappingConfig.parse(yaml, "mapping.yml"), 100);
    }

    @Test
    void regexRulesMatchAnywhereInTheName() throws MappingException {
        Mapper m = mapper("""
                mappings:
                - match: 'requests\\.(\\w+)'
                  match_type: regex
                  name: "req_${1}"
                  labels:
                    whole: "$0"
                """);
        Mapping r = m.map("app.requests.get.count", MetricKind.COUNTER);
        assertThat(r.name()).isEqualTo("req_get");
        assertThat(r.labels()).isEqualTo(Labels.of("whole", "requests.get"));
    }

    @Test
    void regexTemplatesFollowGo() throws MappingException {
        Mapper m = mapper("""
                mappings:
                - match: '(?P<host>[a-z]+)\\.(\\d+)'
                  match_type: regex
                  name: "x_${2}"
                  labels:
                    host: "${host}"
                    bad: "$2_foo"
                    good: "${2}_foo"
                    missing: "${9}"
                """);
        Mapping r = m.map("web.42", MetricKind.GAUGE);
        assertThat(r.name()).isEqualTo("x_42");
        assertThat(r.labels()).isEqualTo(Labels.of("host", "web", "bad", "", "good", "42_foo", "missing", ""));
    }

    @Test
    void aRegexRuleOfAnotherMetricTypeIsSkippedAndTheSearchGoesOn() throws MappingException {
        Mapper m = mapper("""
                mappings:
                - match: 'foo\\.(\\w+)'
                  match_type: regex
                  match_metric_type: counter
                  name: "counted_$1"
                - match: 'foo\\.(\\w+)'
                  match_type: regex
                  name: "any_$1"
                """);
        assertThat(m.map("foo.bar", MetricKind.COUNTER).name()).isEqualTo("counted_bar");
        assertThat(m.map("foo.bar", MetricKind.OBSERVER).name()).isEqualTo("any_bar");
    }

    @Test
    void globRulesComeBeforeRegexRulesWhateverTheOrderInTheFile() throws MappingException {
        Mapper m = mapper("""
                defaults:
                  match_type: regex
                mappings:
                - match: '.'
                  name: "by_regex"
                - match: 'a.*'
                  match_type: glob
                  name: "by_glob"
                """);
        assertThat(m.map("a.b", MetricKind.COUNTER).name()).isEqualTo("by_glob");
        assertThat(m.map("c.d", MetricKind.COUNTER).name()).isEqualTo("by_regex");
    }

    @Test
    void aSetIsLookedUpAsAGauge() throws MappingException {
        Mapper m = mapper("""
                mappings:
                - match: users.*
                  match_metric_type: gauge
                  name: "users"
                  labels:
                    site: "$1"
                """);
        assertThat(m.map("users.eu", MetricKind.SET).labels()).isEqualTo(Labels.of("site", "eu"));
        assertThat(m.map("users.eu", MetricKind.COUNTER).mapped()).isFalse();
    }

    @Test
    void withOrderingTheFirstRuleWinsWithItsOwnCaptures() throws MappingException {
        Mapper m = mapper("""
                mappings:
                - match: a.*.c.*
                  name: first
                  labels: {one: $1, two: $2}
                - match: a.b.*.d
                  name: second
                  labels: {one: $1}
                - match: a.b.c.d
                  name: third
                """);
        assertThat(m.map("a.b.c.d", MetricKind.COUNTER)).extracting(Mapping::name, Mapping::labels)
                .containsExactly("first", Labels.of("one", "b", "two", "d"));
        assertThat(m.map("a.b.x.d", MetricKind.COUNTER)).extracting(Mapping::name, Mapping::labels)
                .containsExactly("second", Labels.of("one", "x"));
    }

    /**
     * statsd_exporter's FSM sets a rule's result only on a state it creates, so there a rule ending
     * where a longer, earlier rule passes never matches, and a glob listed twice takes the second's
     * place in the order; here every rule matches what its glob says, and the first in the file wins.
     */
    @Test
    void everyGlobRuleMatchesAndTheFirstOfTwoIdenticalOnesWins() throws MappingException {
        Mapper m = mapper("""
                mappings:
                - match: a.b.c
                  name: longer
                - match: a.b
                  name: shorter
                - match: x.*
                  name: first
                - match: x.y
                  name: literal
                - match: x.*
                  name: again
                """);
        assertThat(m.map("a.b", MetricKind.COUNTER).name()).isEqualTo("shorter");
        assertThat(m.map("x.y", MetricKind.COUNTER).name()).isEqualTo("first");
        assertThat(m.map("x.z", MetricKind.COUNTER).name()).isEqualTo("first");
    }

    @Test
    void withoutOrderingALiteralSegmentBeatsAStarAndBacktracks() throws MappingException {
        Mapper m = mapper("""
                defaults:
                  glob_disable_ordering: true
                mappings:
                - match: a.*.*.d
                  name: stars
                  labels: {one: $1, two: $2}
                - match: a.b.c.e
                  name: literal
                - match: a.b.*.d
                  name: half
                  labels: {one: $1}
                """);
        assertThat(m.map("a.b.c.e", MetricKind.COUNTER).name()).isEqualTo("literal");
        // a.b.c leads to a.b.c.e, which fails on d; a.b.* is the next try.
        assertThat(m.map("a.b.c.d", MetricKind.COUNTER)).extracting(Mapping::name, Mapping::labels)
                .containsExactly("half", Labels.of("one", "c"));
        assertThat(m.map("a.x.y.d", MetricKind.COUNTER)).extracting(Mapping::name, Mapping::labels)
                .containsExactly("stars", Labels.of("one", "x", "two", "y"));
    }

    @Test
    void aStarMatchesOneWholeSegmentEvenAnEmptyOne() throws MappingException {
        Mapper m = mapper("""
                mappings:
                - match: a.*.c
                  name: x
                  labels: {seg: $1}
                """);
        assertThat(m.map("a..c", MetricKind.COUNTER).labels()).isEqualTo(Labels.of("seg", ""));
        assertThat(m.map("a.b.b.c", MetricKind.COUNTER).mapped()).isFalse();
        assertThat(m.map("a.c", MetricKind.COUNTER).mapped()).isFalse();
    }

    @Test
    void globTemplatesReadReferencesAsStatsdExporterDoes() throws MappingException {
        Mapper m = mapper("""
                mappings:
                - match: '*.*'
                  name: "n_${1}"
                  labels:
                    glued: "$1$2"
                    braced: "${1}${2}"
                    zero: "$0"
                    padded: "$01"
                    dollar: "cost $"
                    half_brace: "${2"
                """);
        assertThat(m.map("a.b", MetricKind.COUNTER).labels()).isEqualTo(Labels.of(
                "glued", "", "braced", "ab", "zero", "", "padded", "a", "dollar", "cost $", "half_brace", "b"));
    }

    @Test
    void anUnmappedNameGetsTheDefaults() throws MappingException {
        Mapper m = mapper("""
                defaults:
                  observer_type: histogram
                  ttl: 1m
                  histogram_options:
                    native_histogram_max_buckets: 100
                mappings: []
                """);
        Mapping r = m.map("a.b-c", MetricKind.OBSERVER);
        assertThat(r.mapped()).isFalse();
        assertThat(r.name()).isEqualTo("a.b-c");
        assertThat(r.observerType()).isEqualTo(ObserverType.HISTOGRAM);
        assertThat(r.ttlMillis()).isEqualTo(60_000);
        assertThat(r.histogram().nativeBucketFactor()).isEqualTo(1.1);
        assertThat(r.histogram().nativeMaxBuckets()).isEqualTo(100);
        assertThat(r.summary()).isEqualTo(SummaryOptions.DEFAULT);
        assertThat(r.help()).isNull();
        assertThat(m.mappingCount()).isZero();
    }

    @Test
    void withNoFileEveryNameIsUnmappedWithStatsdExportersNoConfigDefaults() {
        Mapping r = new Mapper(MappingConfig.EMPTY, 10).map("x.y", MetricKind.OBSERVER);
        assertThat(r.mapped()).isFalse();
        assertThat(r.observerType()).isEqualTo(ObserverType.SUMMARY);
        assertThat(r.summary()).isEqualTo(SummaryOptions.DEFAULT);
        assertThat(r.histogram().nativeBucketFactor()).isLessThanOrEqualTo(1);
        assertThat(r.ttlMillis()).isZero();
        assertThat(r.action()).isEqualTo(Action.MAP);
    }

    @Test
    void aMappingCarriesItsSettings() throws MappingException {
        Mapping r = mapper("""
                mappings:
                - match: http.*
                  name: http_requests_total
                  help: "Requests by code"
                  honor_labels: true
                  labels: {code: $1}
                """).map("http.200", MetricKind.COUNTER);
        assertThat(r.help()).isEqualTo("Requests by code");
        assertThat(r.honorLabels()).isTrue();
        assertThat(Double.isNaN(r.scale())).isTrue();
    }

    /** Many threads, a cache far smaller than the names: every answer is still the right one. */
    @Test
    void concurrentLookupsThroughASmallCacheAreAlwaysRight() throws Exception {
        Mapper m = new Mapper(MappingConfig.parse("""
                mappings:
                - match: svc.*.*
                  name: "svc_${1}"
                  labels: {op: $2}
                - match: 'other\\.(\\d+)'
                  match_type: regex
                  name: "other_$1"
                """, "mapping.yml"), 16);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        int n = (i * 31 + seed) % 500;
                        MetricKind kind = MetricKind.values()[i % 4];
                        Mapping a = m.map("svc.s" + n + ".op" + (n % 7), kind);
                        assertThat(a.name()).isEqualTo("svc_s" + n);
                        assertThat(a.labels()).isEqualTo(Labels.of("op", "op" + (n % 7)));
                        Mapping b = m.map("other." + n, kind);
                        assertThat(b.name()).isEqualTo("other_" + n);
                        Mapping c = m.map("miss." + n, kind);
                        assertThat(c.mapped()).isFalse();
                        assertThat(c.name()).isEqualTo("miss." + n);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
