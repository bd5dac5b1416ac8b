package io.ferry.statsd.mapping;

import io.ferry.statsd.line.MetricKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.ferry.statsd.mapping.Expect.lookUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cases of statsd_exporter's {@code pkg/mapper/mapper_test.go} ({@code TestMetricMapperYAML},
 * {@code TestAction}, {@code TestMultipleMatches}; the version stored at commit 34fff574), as data:
 * each scenario keeps its name, its config and its expected lookups.
 *
 * <p>Where Ferry differs, the scenario says so: statsd_exporter has since removed the legacy keys
 * {@code timer_type}, and {@code quantiles} and {@code buckets} outside the option blocks, and the
 * {@code timer} metric type, so the scenarios built on them are refused here, with the key named.
 * Lookups that statsd_exporter's test left unchecked (a drop rule's result, a miss) are pinned.
 */
class StatsdExporterMapperCasesTest {

    record Scenario(String name, String config, String refusedFor, List<Expect> lookups) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Scenario ok(String name, String config, Expect... lookups) {
        return new Scenario(name, config, null, List.of(lookups));
    }

    /** A config refused with a message containing {@code reason}. */
    static Scenario refused(String name, String config, String reason) {
        return new Scenario(name, config, reason, List.of());
    }

    static final double[] DEF_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
    static final double[] DEFAULT_QUANTILES = {0.5, 0.05, 0.9, 0.01, 0.99, 0.001};

    static Stream<Scenario> metricMapperYamlScenarios() {
        return Stream.of(
                ok("Empty config", ""),
                ok("Config with several mapping definitions", """
                        ---
                        mappings:
                        - match: test.dispatcher.*.*.*
                          name: "dispatch_events"
                          labels:
                            processor: "$1"
                            action: "$2"
                            result: "$3"
                            job: "test_dispatcher"
                        - match: test.my-dispatch-host01.name.dispatcher.*.*.*
                          name: "host_dispatch_events"
                          labels:
                            processor: "$1"
                            action: "$2"
                            result: "$3"
                            job: "test_dispatcher"
                        - match: request_time.*.*.*.*.*.*.*.*.*.*.*.*
                          name: "tyk_http_request"
                          labels:
                            method_and_path: "${1}"
                            response_code: "${2}"
                            apikey: "${3}"
                            apiversion: "${4}"
                            apiname: "${5}"
                            apiid: "${6}"
                            ipv4_t1: "${7}"
                            ipv4_t2: "${8}"
                            ipv4_t3: "${9}"
                            ipv4_t4: "${10}"
                            orgid: "${11}"
                            oauthid: "${12}"
                        - match: "*.*"
                          name: "catchall"
                          labels:
                            first: "$1"
                            second: "$2"
                            third: "$3"
                            job: "$1-$2-$3"
                        - match: (.*)\\.(.*)-(.*)\\.(.*)
                          match_type: regex
                          name: "proxy_requests_total"
                          labels:
                            job: "$1"
                            protocol: "$2"
                            endpoint: "$3"
                            result: "$4"
                        """,
                        lookUp("test.dispatcher.FooProcessor.send.succeeded").name("dispatch_events")
                                .labels("processor", "FooProcessor", "action", "send", "result", "succeeded", "job", "test_dispatcher"),
                        lookUp("test.my-dispatch-host01.name.dispatcher.FooProcessor.send.succeeded").name("host_dispatch_events")
                                .labels("processor", "FooProcessor", "action", "send", "result", "succeeded", "job", "test_dispatcher"),
                        lookUp("request_time.get/threads/1/posts.200.00000000.nonversioned.discussions.a11bbcdf0ac64ec243658dc64b7100fb.172.20.0.1.12ba97b7eaa1a50001000001.")
                                .name("tyk_http_request")
                                .labels("method_and_path", "get/threads/1/posts", "response_code", "200", "apikey", "00000000",
                                        "apiversion", "nonversioned", "apiname", "discussions",
                                        "apiid", "a11bbcdf0ac64ec243658dc64b7100fb", "ipv4_t1", "172", "ipv4_t2", "20",
                                        "ipv4_t3", "0", "ipv4_t4", "1", "orgid", "12ba97b7eaa1a50001000001", "oauthid", ""),
                        lookUp("foo.bar").name("catchall").labels("first", "foo", "second", "bar", "third", "", "job", "foo-bar-"),
                        lookUp("foo.bar.baz").unmapped(),
                        lookUp("proxy-1.http-goober.success").name("proxy_requests_total")
                                .labels("job", "proxy-1", "protocol", "http", "endpoint", "goober", "result", "success")),
                ok("Config with backtracking", """
                        defaults:
                          glob_disable_ordering: true
                        mappings:
                        - match: backtrack.*.bbb
                          name: "testb"
                          labels:
                            label: "${1}_foo"
                        - match: backtrack.justatest.aaa
                          name: "testa"
                          labels:
                            label: "${1}_foo"
                        """,
                        lookUp("backtrack.good.bbb").name("testb").labels("label", "good_foo"),
                        lookUp("backtrack.justatest.bbb").name("testb").labels("label", "justatest_foo"),
                        lookUp("backtrack.justatest.aaa").name("testa").labels("label", "_foo")),
                ok("Config with backtracking, the non-matched rule has star(s)", """
                        defaults:
                          glob_disable_ordering: false
                        mappings:
                        - match: '*.dummy.*'
                          name: metric_one
                          labels:
                            system: $1
                            attribute: $2
                        - match: 'full.name.*'
                          name: metric_two
                          labels:
                            system: static
                            attribute: $1
                        """,
                        lookUp("whatever.dummy.test").name("metric_one").labels("system", "whatever", "attribute", "test"),
                        lookUp("full.name.anothertest").name("metric_two").labels("system", "static", "attribute", "anothertest")),
                ok("Config with super sets, disables ordering", """
                        defaults:
                          glob_disable_ordering: true
                        mappings:
                        - match: noorder.*.*
                          name: "testa"
                          labels:
                            label: "${1}_foo"
                        - match: noorder.*.bbb
                          name: "testb"
                          labels:
                            label: "${1}_foo"
                        - match: noorder.ccc.bbb
                          name: "testc"
                          labels:
                            label: "ccc_foo"
                        """,
                        lookUp("noorder.good.bbb").name("testb").labels("label", "good_foo"),
                        lookUp("noorder.ccc.bbb").name("testc").labels("label", "ccc_foo")),
                ok("Config with super sets, keeps ordering", """
                        defaults:
                          glob_disable_ordering: false
                        mappings:
                        - match: order.*.*
                          name: "testa"
                          labels:
                            label: "${1}_foo"
                        - match: order.*.bbb
                          name: "testb"
                          labels:
                            label: "${1}_foo"
                        """,
                        lookUp("order.good.bbb").name("testa").labels("label", "good_foo")),
                ok("Config with bad regex reference", """
                        ---
                        mappings:
                        - match: test.*
                          name: "name"
                          labels:
                            label: "$1_foo"
                        """,
                        lookUp("test.a").name("name").labels("label", "")),
                ok("Config with good regex reference", """
                        mappings:
                        - match: test.*
                          name: "name"
                          labels:
                            label: "${1}_foo"
                        """,
                        lookUp("test.a").name("name").labels("label", "a_foo")),
                ok("Match metric segment with a number", """
                        mappings:
                        - match: test.99.myapp.*
                          name: "name"
                          labels:
                            label: "${1}_foo"
                        """,
                        lookUp("test.99.myapp.create").name("name").labels("label", "create_foo")),
                ok("Match metric segment starting with a number", """
                        mappings:
                        - match: test.99test.myapp.*
                          name: "name"
                          labels:
                            label: "${1}_foo"
                        """,
                        lookUp("test.99test.myapp.create").name("name").labels("label", "create_foo")),
                ok("Match metric segment with a number #328 example", """
                        mappings:
                        - match: kafka.server.FetcherStats.brokerHost.hostname.brokerPort.9092.clientId.ReplicaFetcherThread-0-1.BytesPerSec.1MinuteRate.gauge
                          name: "example_name"
                        """,
                        lookUp("kafka.server.FetcherStats.brokerHost.hostname.brokerPort.9092.clientId.ReplicaFetcherThread-0-1.BytesPerSec.1MinuteRate.gauge")
                                .name("example_name")),
                ok("Single segment match", """
                        mappings:
                        - match: '*'
                          name: single_segment
                          labels:
                            label: "${1}"
                        """,
                        lookUp("test").name("single_segment").labels("label", "test")),
                refused("Config with bad metric line", """
                        ---
                        mappings:
                        - match: bad!!metric-line.*.*
                          name: "foo"
                          labels: {}
                        """, "mapping.yml:3: mappings[0].match: invalid glob \"bad!!metric-line.*.*\""),
                ok("Config with multiple dashes in metric name", """
                        ---
                        mappings:
                        - match: "foo--bar.*"
                          name: "foo_bar_${1}"
                          labels: {}
                        """,
                        lookUp("foo--bar.count").name("foo_bar_count")),
                ok("Config with dynamic metric name", """
                        ---
                        mappings:
                        - match: test1.*.*
                          name: "$1"
                          labels: {}
                        - match: test2.*.*
                          name: "${1}_$2"
                          labels: {}
                        - match: test3\\.(\\w+)\\.(\\w+)
                          match_type: regex
                          name: "${2}_$1"
                          labels: {}
                        """,
                        lookUp("test1.total_requests.count").name("total_requests"),
                        lookUp("test2.total_requests.count").name("total_requests_count"),
                        lookUp("test3.total_requests.count").name("count_total_requests")),
                refused("Config with bad metric name", """
                        ---
                        mappings:
                        - match: test.*.*
                          name: "0foo"
                          labels: {}
                        """, "mapping.yml:4: mappings[0].name: metric name \"0foo\""),
                refused("Config with no metric name", """
                        ---
                        mappings:
                        - match: test.*.*
                          labels:
                            this: "$1"
                        """, "mapping.yml:3: mappings[0]: the mapping sets no metric name"),
                ok("Config with no mappings", ""),
                ok("Config without a trailing newline", """
                        mappings:
                        - match: test.*
                          name: "name"
                          labels:
                            label: "${1}_foo\"""",
                        lookUp("test.a").name("name").labels("label", "a_foo")),
                refused("Config with an improperly escaped *", """
                        mappings:
                        - match: *.test.*
                          name: "name"
                          labels:
                            label: "${1}_foo"
                        """, "invalid YAML"),
                ok("Config with a properly escaped *", """
                        mappings:
                        - match: "*.test.*"
                          name: "name"
                          labels:
                            label: "${2}_foo"
                        """,
                        lookUp("foo.test.a").name("name").labels("label", "a_foo")),
                // Legacy mapping-level quantiles: removed from statsd_exporter's format.
                refused("Config with good observer type", """
                        ---
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                          quantiles:
                            - quantile: 0.42
                              error: 0.04
                            - quantile: 0.7
                              error: 0.002
                        """, "mapping.yml:7: unknown key \"quantiles\" in mappings[0] (no longer part of statsd_exporter's"
                        + " mapping format: use summary_options.quantiles)"),
                refused("Config with good observer type and unused timer type", """
                        ---
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          timer_type: histogram
                          name: "foo"
                          labels: {}
                          quantiles:
                            - quantile: 0.42
                              error: 0.04
                            - quantile: 0.7
                              error: 0.002
                        """, "unknown key \"timer_type\" in mappings[0] (no longer part of statsd_exporter's mapping format:"
                        + " use observer_type)"),
                ok("Config with good observertype and no defaults", """
                        ---
                        mappings:
                        - match: test1.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                        """,
                        lookUp("test1.*.*").name("foo").quantiles(DEFAULT_QUANTILES)),
                refused("Config with good deprecated timer type", """
                        ---
                        mappings:
                        - match: test1.*.*
                          timer_type: summary
                          name: "foo"
                          labels: {}
                        """, "unknown key \"timer_type\""),
                refused("Config with bad observer type", """
                        ---
                        mappings:
                        - match: test.*.*
                          observer_type: wrong
                          name: "foo"
                          labels: {}
                        """, "mapping.yml:4: mappings[0].observer_type: invalid observer type \"wrong\""),
                refused("Config with bad deprecated timer type", """
                        ---
                        mappings:
                        - match: test.*.*
                          timer_type: wrong
                          name: "foo"
                          labels: {}
                        """, "unknown key \"timer_type\""),
                ok("New style quantiles", """
                        ---
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                          summary_options:
                            quantiles:
                              - quantile: 0.42
                                error: 0.04
                              - quantile: 0.7
                                error: 0.002
                        """,
                        lookUp("test.*.*").name("foo").quantiles(0.42, 0.04, 0.7, 0.002)),
                ok("Config with summary options", """
                        ---
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                          summary_options:
                            quantiles:
                              - quantile: 0.42
                                error: 0.04
                              - quantile: 0.7
                                error: 0.002
                            max_age: 5m
                            age_buckets: 2
                            buf_cap: 1000
                        """,
                        lookUp("test.*.*").name("foo").quantiles(0.42, 0.04, 0.7, 0.002)
                                .summaryWindow(Duration.ofMinutes(5), 2, 1000)),
                ok("Config with default summary options", """
                        ---
                        defaults:
                         summary_options:
                           quantiles:
                             - quantile: 0.42
                               error: 0.04
                             - quantile: 0.7
                               error: 0.002
                           max_age: 5m
                           age_buckets: 2
                           buf_cap: 1000
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                        """,
                        lookUp("test.*.*").name("foo").quantiles(0.42, 0.04, 0.7, 0.002)
                                .summaryWindow(Duration.ofMinutes(5), 2, 1000)),
                ok("Config with default summary options without quantiles", """
                        ---
                        defaults:
                         summary_options:
                           max_age: 5m
                           age_buckets: 2
                           buf_cap: 1000
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                        """,
                        lookUp("test.*.*").name("foo").quantiles(DEFAULT_QUANTILES)
                                .summaryWindow(Duration.ofMinutes(5), 2, 1000)),
                // Legacy defaults.quantiles: removed from statsd_exporter's format.
                refused("Config with default summary options overrides quantiles", """
                        ---
                        defaults:
                          quantiles:
                            - quantile: 0.9
                              error: 0.1
                            - quantile: 0.99
                              error: 0.01
                          summary_options:
                            quantiles:
                              - quantile: 0.42
                                error: 0.04
                              - quantile: 0.7
                                error: 0.002
                            max_age: 5m
                            age_buckets: 2
                            buf_cap: 1000
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                        """, "mapping.yml:3: unknown key \"quantiles\" in defaults"),
                ok("Config that overrides default summary options", """
                        ---
                        defaults:
                         summary_options:
                           quantiles:
                             - quantile: 0.042
                               error: 0.4
                             - quantile: 0.07
                               error: 0.02
                           max_age: 15m
                           age_buckets: 3
                           buf_cap: 100
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                          summary_options:
                            quantiles:
                             - quantile: 0.42
                               error: 0.04
                             - quantile: 0.7
                               error: 0.002
                            max_age: 5m
                            age_buckets: 2
                            buf_cap: 1000
                        """,
                        lookUp("test.*.*").name("foo").quantiles(0.42, 0.04, 0.7, 0.002)
                                .summaryWindow(Duration.ofMinutes(5), 2, 1000)),
                ok("Config that overrides default summary options and a default options mapping", """
                        ---
                        defaults:
                         summary_options:
                           quantiles:
                             - quantile: 0.9
                               error: 0.1
                             - quantile: 0.99
                               error: 0.01
                           max_age: 15m
                           age_buckets: 3
                           buf_cap: 100
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                          summary_options:
                            quantiles:
                             - quantile: 0.42
                               error: 0.04
                             - quantile: 0.7
                               error: 0.002
                            max_age: 5m
                            age_buckets: 2
                            buf_cap: 1000
                        - match: test_default.*.*
                          observer_type: summary
                          name: "foo_default"
                          labels: {}
                        """,
                        lookUp("test.*.*").name("foo").quantiles(0.42, 0.04, 0.7, 0.002)
                                .summaryWindow(Duration.ofMinutes(5), 2, 1000),
                        lookUp("test_default.*.*").name("foo_default").quantiles(0.9, 0.1, 0.99, 0.01)
                                .summaryWindow(Duration.ofMinutes(15), 3, 100)),
                ok("Config that partially overrides default summary quantiles and a default options mapping", """
                        ---
                        defaults:
                         summary_options:
                           quantiles:
                             - quantile: 0.9
                               error: 0.1
                             - quantile: 0.99
                               error: 0.01
                           max_age: 15m
                           age_buckets: 3
                           buf_cap: 100
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                          summary_options:
                            quantiles:
                             - quantile: 0.42
                               error: 0.04
                             - quantile: 0.7
                               error: 0.002
                        - match: test_default.*.*
                          observer_type: summary
                          name: "foo_default"
                          labels: {}
                        """,
                        lookUp("test.*.*").name("foo").quantiles(0.42, 0.04, 0.7, 0.002)
                                .summaryWindow(Duration.ofMinutes(15), 3, 100),
                        lookUp("test_default.*.*").name("foo_default").quantiles(0.9, 0.1, 0.99, 0.01)
                                .summaryWindow(Duration.ofMinutes(15), 3, 100)),
                ok("Config that partially overrides default summary max_age and a default options mapping", """
                        ---
                        defaults:
                         summary_options:
                           quantiles:
                             - quantile: 0.9
                               error: 0.1
                             - quantile: 0.99
                               error: 0.01
                           max_age: 15m
                           age_buckets: 3
                           buf_cap: 100
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                          summary_options:
                            max_age: 5m
                        - match: test_default.*.*
                          observer_type: summary
                          name: "foo_default"
                          labels: {}
                        """,
                        lookUp("test.*.*").name("foo").quantiles(0.9, 0.1, 0.99, 0.01)
                                .summaryWindow(Duration.ofMinutes(5), 3, 100),
                        lookUp("test_default.*.*").name("foo_default").quantiles(0.9, 0.1, 0.99, 0.01)
                                .summaryWindow(Duration.ofMinutes(15), 3, 100)),
                ok("Config with histogram options", """
                        ---
                        mappings:
                        - match: test.*.*
                          observer_type: histogram
                          name: "foo"
                          labels: {}
                          histogram_options:
                            buckets: [0.1, 1, 10, 100, 1000]
                        """,
                        lookUp("test.*.*").name("foo").observer(ObserverType.HISTOGRAM).buckets(0.1, 1, 10, 100, 1000)),
                ok("Config with default histogram options", """
                        ---
                        defaults:
                          histogram_options:
                            buckets: [0.1, 1, 10, 100, 1000]
                        mappings:
                        - match: test.*.*
                          observer_type: histogram
                          name: "foo"
                          labels: {}
                        """,
                        lookUp("test.*.*").name("foo").buckets(0.1, 1, 10, 100, 1000)),
                ok("Config with default histogram options without buckets", """
                        ---
                        defaults:
                          histogram_options:
                            buckets: []
                        mappings:
                        - match: test.*.*
                          observer_type: histogram
                          name: "foo"
                          labels: {}
                        """,
                        lookUp("test.*.*").name("foo").buckets(DEF_BUCKETS)),
                // Legacy defaults.buckets: removed from statsd_exporter's format.
                refused("Config with default histogram options overrides buckets", """
                        ---
                        defaults:
                          buckets: [0.2, 2, 20, 200, 2000]
                          histogram_options:
                            buckets: [0.1, 1, 10, 100, 1000]
                        mappings:
                        - match: test.*.*
                          observer_type: histogram
                          name: "foo"
                          labels: {}
                        """, "mapping.yml:3: unknown key \"buckets\" in defaults (no longer part of statsd_exporter's"
                        + " mapping format: use histogram_options.buckets)"),
                ok("Config that overrides default histogram configuration", """
                        ---
                        defaults:
                          histogram_options:
                            buckets: [0.2, 2, 20, 200, 2000]
                        mappings:
                        - match: test.*.*
                          observer_type: histogram
                          name: "foo"
                          labels: {}
                          histogram_options:
                            buckets: [0.1, 1, 10, 100, 1000]
                        """,
                        lookUp("test.*.*").name("foo").buckets(0.1, 1, 10, 100, 1000)),
                ok("Config that overrides default histogram configuration and a default options mapping", """
                        ---
                        defaults:
                          histogram_options:
                            buckets: [0.2, 2, 20, 200]
                        mappings:
                        - match: test.*.*
                          observer_type: histogram
                          name: "foo"
                          labels: {}
                          histogram_options:
                            buckets: [0.1, 1, 10, 100, 1000]
                        - match: test_default.*.*
                          observer_type: histogram
                          name: "foo_default"
                          labels: {}
                        """,
                        lookUp("test.*.*").name("foo").buckets(0.1, 1, 10, 100, 1000),
                        lookUp("test_default.*.*").name("foo_default").buckets(0.2, 2, 20, 200)),
                refused("Duplicate quantiles are bad", """
                        ---
                        mappings:
                        - match: test.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                          quantiles:
                            - quantile: 0.42
                              error: 0.04
                          summary_options:
                            quantiles:
                              - quantile: 0.42
                                error: 0.04
                        """, "unknown key \"quantiles\" in mappings[0]"),
                ok("Config with good metric type", """
                        ---
                        mappings:
                        - match: test.*.*
                          match_metric_type: counter
                          name: "foo"
                          labels: {}
                        """),
                ok("Config with good metric type observer", """
                        ---
                        mappings:
                        - match: test.*.*
                          match_metric_type: observer
                          name: "foo"
                          labels: {}
                        """),
                // statsd_exporter has since dropped "timer" as a metric type (pkg/mapper/metric_type.go).
                refused("Config with good metric type timer", """
                        ---
                        mappings:
                        - match: test.*.*
                          match_metric_type: timer
                          name: "foo"
                          labels: {}
                        """, "mapping.yml:4: mappings[0].match_metric_type: invalid metric type \"timer\""),
                refused("Config with bad metric type matcher", """
                        ---
                        mappings:
                        - match: test.*.*
                          match_metric_type: wrong
                          name: "foo"
                          labels: {}
                        """, "invalid metric type \"wrong\""),
                ok("Config with multiple explicit metric types", """
                        ---
                        mappings:
                        - match: test.foo.*
                          name: "test_foo_sum"
                          match_metric_type: counter
                        - match: test.foo.*
                          name: "test_foo_current"
                          match_metric_type: gauge
                        """,
                        lookUp("test.foo.test").as(MetricKind.COUNTER).name("test_foo_sum"),
                        lookUp("test.foo.test").as(MetricKind.GAUGE).name("test_foo_current"),
                        lookUp("test.foo.test").as(MetricKind.OBSERVER).unmapped()),
                refused("Config with uncompilable regex", """
                        ---
                        mappings:
                        - match: "*\\\\.foo"
                          match_type: regex
                          name: "foo"
                          labels: {}
                        """, "mapping.yml:3: mappings[0].match: "),
                ok("Config with non-matched metric", """
                        ---
                        mappings:
                        - match: foo.*.*
                          observer_type: summary
                          name: "foo"
                          labels: {}
                        """,
                        lookUp("test.1.2").unmapped()),
                refused("Config with no name", """
                        ---
                        mappings:
                        - match: *\\.foo
                          match_type: regex
                          labels:
                            bar: "foo"
                        """, "invalid YAML"),
                ok("Config with labels from glob", """
                        ---
                        mappings:
                        - match: p.*.*.c.*
                          match_type: glob
                          name: issue_256
                          labels:
                            one: $1
                            two: $2
                            three: $3
                        """,
                        lookUp("p.one.two.c.three").name("issue_256").labels("one", "one", "two", "two", "three", "three")),
                ok("Example from the README", """
                        mappings:
                        - match: test.dispatcher.*.*.*
                          name: "dispatcher_events_total"
                          labels:
                            processor: "$1"
                            action: "$2"
                            outcome: "$3"
                            job: "test_dispatcher"
                        - match: "*.signup.*.*"
                          name: "signup_events_total"
                          labels:
                            provider: "$2"
                            outcome: "$3"
                            job: "${1}_server"
                        """,
                        lookUp("test.dispatcher.FooProcessor.send.success").name("dispatcher_events_total")
                                .labels("processor", "FooProcessor", "action", "send", "outcome", "success", "job", "test_dispatcher"),
                        lookUp("foo_product.signup.facebook.failure").name("signup_events_total")
                                .labels("provider", "facebook", "outcome", "failure", "job", "foo_product_server"),
                        lookUp("test.web-server.foo.bar").unmapped()),
                ok("Config that drops all", """
                        mappings:
                        - match: .
                          match_type: regex
                          name: "drop"
                          action: drop""",
                        lookUp("test.a").name("drop").dropped(),
                        lookUp("abc").name("drop").dropped()),
                ok("Config that has a catch-all to drop all", """
                        mappings:
                        - match: web.*
                          name: "web"
                          labels:
                            site: "$1"
                        - match: .
                          match_type: regex
                          name: "drop"
                          action: drop""",
                        lookUp("test.a").name("drop").dropped(),
                        lookUp("web.localhost").name("web").labels("site", "localhost")),
                ok("Config that has a ttl", """
                        mappings:
                        - match: web.*
                          name: "web"
                          ttl: 10s
                          labels:
                            site: "$1\"""",
                        lookUp("test.a").unmapped(),
                        lookUp("web.localhost").name("web").labels("site", "localhost").ttl(Duration.ofSeconds(10))),
                ok("Config that has a default ttl", """
                        defaults:
                          ttl: 1m2s
                        mappings:
                        - match: web.*
                          name: "web"
                          labels:
                            site: "$1\"""",
                        lookUp("test.a").unmapped(),
                        lookUp("web.localhost").name("web").labels("site", "localhost").ttl(Duration.ofSeconds(62))),
                ok("Config that override a default ttl", """
                        defaults:
                          ttl: 1m2s
                        mappings:
                        - match: web.*
                          name: "web"
                          ttl: 5s
                          labels:
                            site: "$1\"""",
                        lookUp("test.a").unmapped(),
                        lookUp("web.localhost").name("web").labels("site", "localhost").ttl(Duration.ofSeconds(5))),
                ok("Config with 'scale' field", """
                        mappings:
                        - match: grpc_server.*.*.latency_ms
                          name: grpc_server_handling_seconds
                          scale: 0.001
                          labels:
                            grpc_service: "$1"
                            grpc_method: "$2\"""",
                        lookUp("test.a").unmapped(),
                        lookUp("grpc_server.Foo.Bar.latency_ms").name("grpc_server_handling_seconds").scale(0.001)
                                .labels("grpc_service", "Foo", "grpc_method", "Bar")),
                ok("Config with 'scale' using scientific notation", """
                        mappings:
                        - match: grpc_server.*.*.latency_us
                          name: grpc_server_handling_seconds
                          scale: 1e-6
                          labels:
                            grpc_service: "$1"
                            grpc_method: "$2\"""",
                        lookUp("test.a").unmapped(),
                        lookUp("grpc_server.Foo.Bar.latency_us").name("grpc_server_handling_seconds").scale(1e-6)
                                .labels("grpc_service", "Foo", "grpc_method", "Bar")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metricMapperYamlScenarios")
    void metricMapperYaml(Scenario s) throws MappingException {
        if (s.refusedFor() != null) {
            assertThatThrownBy(() -> MappingConfig.parse(s.config(), "mapping.yml"))
                    .isInstanceOf(MappingException.class)
                    .hasMessageStartingWith("mapping.yml")
                    .hasMessageContaining(s.refusedFor());
            return;
        }
        Mapper mapper = new Mapper(MappingConfig.parse(s.config(), "mapping.yml"), 1000);
        for (Expect e : s.lookups()) {
            e.check(mapper);
        }
    }

    record ActionCase(String name, String config, Action expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ActionCase> actionCases() {
        return Stream.of(
                new ActionCase("no action set", """
                        ---
                        mappings:
                        - match: test.*.*
                          name: "foo"
                        """, Action.MAP),
                new ActionCase("map action set", """
                        ---
                        mappings:
                        - match: test.*.*
                          name: "foo"
                          action: map
                        """, Action.MAP),
                new ActionCase("drop action set", """
                        ---
                        mappings:
                        - match: test.*.*
                          name: "foo"
                          action: drop
                        """, Action.DROP),
                new ActionCase("invalid action set", """
                        ---
                        mappings:
                        - match: test.*.*
                          name: "foo"
                          action: xyz
                        """, null),
                new ActionCase("valid yaml example", """
                        ---
                        mappings:
                        - match: "test\\\\.(\\\\w+)\\\\.(\\\\w+)\\\\.counter"
                          match_type: regex
                          name: "${2}_total"
                          labels:
                            provider: "$1"
                        """, Action.MAP),
                new ActionCase("invalid yaml example", """
                        ---
                        mappings:
                        - match: "test\\.(\\w+)\\.(\\w+)\\.counter"
                          match_type: regex
                          name: "${2}_total"
                          labels:
                            provider: "$1"
                        """, null));
    }

    /** {@code TestAction}: the first rule's action; a null action means the config is refused. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("actionCases")
    void action(ActionCase c) throws MappingException {
        if (c.expected() == null) {
            assertThatThrownBy(() -> MappingConfig.parse(c.config(), "mapping.yml")).isInstanceOf(MappingException.class);
            return;
        }
        Mapper mapper = new Mapper(MappingConfig.parse(c.config(), "mapping.yml"), 0);
        String name = c.name().equals("valid yaml example") ? "test.a.b.counter" : "test.a.b";
        Mapping m = mapper.map(name, MetricKind.COUNTER);
        assertThat(m.mapped()).isTrue();
        assertThat(m.action()).isEqualTo(c.expected());
        if (c.name().equals("valid yaml example")) {
            assertThat(m.name()).isEqualTo("b_total");
            assertThat(m.labels().get("provider")).isEqualTo("a");
        }
    }

    /** {@code TestMultipleMatches} (statsd_exporter issue #273): the cache must not mix up results of one rule. */
    @ParameterizedTest(name = "cache size {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2, 1000})
    void multipleMatches(int cacheSize) throws MappingException {
        Mapper mapper = new Mapper(MappingConfig.parse("""
                ---
                mappings:
                - match: aa.bb.*.*
                  name: "aa_bb_${1}_total"
                  labels:
                    app: "$2"
                """, "mapping.yml"), cacheSize);
        Map<String, String> names = Map.of(
                "aa.bb.aa.myapp", "aa_bb_aa_total",
                "aa.bb.bb.myapp", "aa_bb_bb_total",
                "aa.bb.cc.myapp", "aa_bb_cc_total",
                "aa.bb.dd.myapp", "aa_bb_dd_total");
        for (int round = 0; round < 10; round++) {
            names.forEach((statsd, expected) -> {
                Mapping m = mapper.map(statsd, MetricKind.COUNTER);
                assertThat(m.mapped()).isTrue();
                assertThat(m.name()).isEqualTo(expected);
                assertThat(m.labels().get("app")).isEqualTo("myapp");
            });
        }
    }

    @Test
    void everyScenarioHasADistinctName() {
        assertThat(metricMapperYamlScenarios().map(Scenario::name)).doesNotHaveDuplicates();
    }
}
