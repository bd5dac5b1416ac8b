package io.ferry.config;

import io.ferry.liveness.LivenessRule;
import io.ferry.model.LabelMatcher;
import io.ferry.model.LabelSelector;
import io.ferry.model.Labels;
import io.ferry.push.ExpiryRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The push.expire, push.liveness, push.expect and push.liveness_metric keys. */
class PushLifecycleSectionTest {

    private static PushLifecycleConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yml").push().lifecycle();
    }

    private static void fails(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void theContractExample() throws Exception {
        PushLifecycleConfig c = parse("""
                push:
                  expire:                       # first matching rule wins
                    - match: {job: "ci-*"}
                      after: 24h
                  liveness:
                    - match: {job: backup}
                      every: 24h
                      grace: 1h
                  expect:
                    - {job: backup, instance: nas-01}
                """);
        assertThat(c.expire()).containsExactly(new ExpiryRule("0",
                new LabelSelector(List.of(LabelMatcher.glob("job", "ci-*"))), Duration.ofHours(24)));
        assertThat(c.liveness()).containsExactly(new LivenessRule("0",
                new LabelSelector(List.of(LabelMatcher.glob("job", "backup"))), Optional.of(Duration.ofHours(24)),
                Duration.ofHours(1)));
        assertThat(c.expect()).containsExactly(Labels.of("job", "backup", "instance", "nas-01"));
        assertThat(c.livenessMetric()).isEqualTo("up");
        assertThat(c.livenessRules().enabled()).isTrue();
    }

    @Test
    void defaultsMeanNothingExpiresAndNoLiveness() throws Exception {
        assertThat(parse("push:\n  consistency_check: false\n")).isEqualTo(PushLifecycleConfig.DEFAULTS);
        assertThat(PushLifecycleConfig.DEFAULTS.livenessRules().enabled()).isFalse();
        assertThat(ExpiryRule.firstMatching(PushLifecycleConfig.DEFAULTS.expire(), Labels.of("job", "x"))).isNull();
    }

    @Test
    void firstMatchingRuleWinsAndAllConditionsMustHold() throws Exception {
        PushLifecycleConfig c = parse("""
                push:
                  expire:
                    - name: ci
                      match: {job: "ci-*"}
                      match_re: {instance: "runner-[0-9]+"}
                      after: 1h
                    - name: rest
                      after: 30d
                """.replace("30d", "720h"));
        assertThat(ExpiryRule.firstMatching(c.expire(), Labels.of("job", "ci-1", "instance", "runner-7")).name()).isEqualTo("ci");
        assertThat(ExpiryRule.firstMatching(c.expire(), Labels.of("job", "ci-1", "instance", "laptop")).name()).isEqualTo("rest");
        assertThat(ExpiryRule.firstMatching(c.expire(), Labels.of("job", "ci-1")).name()).isEqualTo("rest");
        assertThat(ExpiryRule.firstMatching(c.expire(), Labels.of("job", "etl")).after()).isEqualTo(Duration.ofHours(720));
    }

    @Test
    void absentLabelsMatchOnlyPatternsThatMatchEmpty() throws Exception {
        PushLifecycleConfig c = parse("""
                push:
                  liveness:
                    - match: {job: backup, instance: "*"}
                      every: auto
                    - match_re: {env: "prod|"}
                      every: 10m
                """);
        assertThat(c.livenessRules().ruleFor(Labels.of("job", "backup")).name()).isEqualTo("0");
        assertThat(c.livenessRules().ruleFor(Labels.of("job", "backup")).learned()).isTrue();
        assertThat(c.livenessRules().ruleFor(Labels.of("job", "etl")).name()).isEqualTo("1");
        assertThat(c.livenessRules().ruleFor(Labels.of("job", "etl", "env", "dev"))).isNull();
    }

    @Test
    void livenessMetricName() throws Exception {
        assertThat(parse("push:\n  liveness_metric: push_up\n").livenessMetric()).isEqualTo("push_up");
        fails("push:\n  liveness_metric: 0up\n", "ferry.yml:2: push.liveness_metric: invalid metric name \"0up\"");
        fails("push:\n  liveness_metric: push_time_seconds\n",
                "ferry.yml:2: push.liveness_metric: \"push_time_seconds\" is the name of every group's push time series");
    }

    @Test
    void errorsNameTheLine() {
        fails("""
                push:
                  expire:
                    - match: {job: a}
                      after: 1h
                    - match: {job: b}
                      ttl: 1h
                """, "ferry.yml:6: unknown key \"ttl\" in push.expire[1] (allowed: name, match, match_re, after)");
        fails("push:\n  expire:\n    - match: {job: a}\n", "ferry.yml:3: push.expire[0].after: missing: how long a group "
                + "lives without a push (for example 24h)");
        fails("push:\n  expire:\n    - after: 1 day\n",
                "ferry.yml:3: push.expire[0].after: unknown unit \" day\" in duration \"1 day\" (units: ns, us, ms, s, m, h)");
        fails("push:\n  expire:\n    - after: 0s\n", "ferry.yml:3: push.expire[0].after: must be positive, got 0s");
        fails("push:\n  expire:\n    - {name: a, after: 1h}\n    - {name: a, after: 2h}\n",
                "ferry.yml:4: push.expire[1].name: another rule of this list is named \"a\"");
        fails("push:\n  expire:\n    - match_re: {job: \"a(\"}\n      after: 1h\n",
                "ferry.yml:3: push.expire[0].match_re: invalid regex for job: missing closing ) at offset 2 in \"a(\"");
        fails("push:\n  expire:\n    - match: {__name__: a}\n      after: 1h\n",
                "ferry.yml:3: push.expire[0].match: \"__name__\" is not a grouping label name (letters, digits and _, "
                        + "not starting with a digit or __)");
        fails("push:\n  expire:\n    - match: {job: [a]}\n      after: 1h\n",
                "ferry.yml:3: push.expire[0].match.job must be a string, got a sequence");
        fails("push:\n  liveness:\n    - match: {job: a}\n      every: sometimes\n",
                "ferry.yml:4: push.liveness[0].every: invalid duration \"sometimes\" (for example 5m, 1h30m, 300ms)");
        fails("push:\n  liveness:\n    - match: {job: a}\n      every: 1h\n      grace: -1m\n",
                "ferry.yml:5: push.liveness[0].grace: must not be negative, got -1m0s");
        fails("push:\n  liveness:\n    - match: {job: a}\n      every: 0s\n",
                "ferry.yml:4: push.liveness[0].every: must be positive or auto, got 0s");
        fails("push:\n  expect:\n    - {instance: nas-01}\n", "ferry.yml:3: push.expect[0]: a grouping key needs a non-empty job");
        fails("push:\n  expect:\n    - {job: a}\n    - {job: b}\n    - {job: a}\n",
                "ferry.yml:5: push.expect[2]: group {job=\"a\"} is listed twice");
        fails("push:\n  expect:\n    - {job: a, 1x: b}\n", "ferry.yml:3: push.expect[0]: \"1x\" is not a grouping label name "
                + "(letters, digits and _, not starting with a digit or __)");
        fails("push:\n  expect: {job: a}\n", "ferry.yml:2: push.expect must be a sequence, got a mapping");
    }
}
