package io.ferry.liveness;

import io.ferry.config.ConfigLoader;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.state.Group;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class PushLivenessTest {
    private static final long T0 = 1_700_000_000L;

    private final SettableClock clock = new SettableClock(Instant.ofEpochSecond(T0));
    private LivenessRules config;
    private final List<Group> groups = new ArrayList<>();
    private final PushLiveness liveness = new PushLiveness("up", () -> config, clock, () -> groups);

    private void configure(String yaml) throws Exception {
        config = ConfigLoader.parse(yaml, "ferry.yml").push().lifecycle().livenessRules();
    }

    private static Group group(Labels key, double pushTime, double failureTime) {
        return new Group(key, List.of(), pushTime, failureTime);
    }

    /** Family name to series (as {@code {labels}=value}), in order. */
    private Map<String, List<String>> evaluate() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (MetricFamily f : liveness.families()) {
            assertThat(f.type()).isEqualTo(MetricType.GAUGE);
            List<String> series = new ArrayList<>();
            for (Metric m : f.metrics()) {
                series.add(m.labels() + "=" + ((ValueMetric) m).value());
            }
            out.put(f.name(), series);
        }
        return out;
    }

    @Test
    void upFollowsEveryPlusGraceAndTheLastFailure() throws Exception {
        configure("""
                push:
                  liveness:
                    - match: {job: backup}
                      every: 24h
                      grace: 1h
                """);
        groups.add(group(Labels.of("job", "backup", "instance", "nas-01"), T0 - 3600, 0));
        groups.add(group(Labels.of("job", "backup", "instance", "nas-02"), T0 - 25 * 3600 - 1, 0));
        groups.add(group(Labels.of("job", "backup", "instance", "nas-03"), T0 - 60, T0 - 30));
        groups.add(group(Labels.of("job", "backup", "instance", "nas-04"), 0, T0 - 30));
        groups.add(group(Labels.of("job", "etl"), T0, 0));
        Map<String, List<String>> f = evaluate();
        assertThat(f.get("up")).containsExactly(
                "{instance=\"nas-01\",job=\"backup\"}=1.0",
                "{instance=\"nas-02\",job=\"backup\"}=0.0",
                "{instance=\"nas-03\",job=\"backup\"}=0.0",
                "{instance=\"nas-04\",job=\"backup\"}=0.0");
        assertThat(f.get(PushLiveness.LAST_SUCCESS)).containsExactly(
                "{instance=\"nas-01\",job=\"backup\"}=" + (double) (T0 - 3600),
                "{instance=\"nas-02\",job=\"backup\"}=" + (double) (T0 - 25 * 3600 - 1),
                "{instance=\"nas-03\",job=\"backup\"}=" + (double) (T0 - 60),
                "{instance=\"nas-04\",job=\"backup\"}=0.0");
        assertThat(f.get(PushLiveness.INTERVAL)).hasSize(4).allMatch(s -> s.endsWith("=86400.0"));

        // Exactly at every + grace the group is still up; a second later it is not.
        groups.clear();
        groups.add(group(Labels.of("job", "backup"), T0 - 25 * 3600, 0));
        assertThat(evaluate().get("up")).containsExactly("{instance=\"\",job=\"backup\"}=1.0");
        clock.advance(Duration.ofSeconds(1));
        assertThat(evaluate().get("up")).containsExactly("{instance=\"\",job=\"backup\"}=0.0");
    }

    @Test
    void aFailureInTheSameMillisecondAsTheLastSuccessIsTheStoresLastWord() throws Exception {
        configure("""
                push:
                  liveness:
                    - match: {job: backup}
                      every: 1h
                """);
        // Stored times a fraction of a millisecond apart: the store counts the later one.
        groups.add(group(Labels.of("job", "backup", "instance", "failed"), T0 - 60, T0 - 60 + 0.0002));
        groups.add(group(Labels.of("job", "backup", "instance", "ok"), T0 - 60 + 0.0002, T0 - 60));
        groups.add(group(Labels.of("job", "backup", "instance", "tie"), T0 - 60, T0 - 60));
        for (int i = 0; i < 2; i++) {  // a second evaluation reports the same outcomes again: no change
            assertThat(evaluate().get("up")).containsExactly(
                    "{instance=\"failed\",job=\"backup\"}=0.0",
                    "{instance=\"ok\",job=\"backup\"}=1.0",
                    "{instance=\"tie\",job=\"backup\"}=1.0");
        }
    }

    @Test
    void expectedGroupsAreDownUntilTheyPush() throws Exception {
        configure("""
                push:
                  liveness:
                    - match: {job: backup}
                      every: 1h
                  expect:
                    - {job: backup, instance: nas-01}
                    - {job: report}
                """);
        Map<String, List<String>> f = evaluate();
        assertThat(f.get("up")).containsExactly("{instance=\"\",job=\"report\"}=0.0",
                "{instance=\"nas-01\",job=\"backup\"}=0.0");
        assertThat(f.get(PushLiveness.INTERVAL)).containsExactly("{instance=\"nas-01\",job=\"backup\"}=3600.0");

        // The report pushes (under no rule: up once its last push succeeded); so does the backup.
        groups.add(group(Labels.of("job", "report", "instance", ""), T0 - 7 * 86400, 0));
        groups.add(group(Labels.of("job", "backup", "instance", "nas-01"), T0 - 60, 0));
        assertThat(evaluate().get("up")).containsExactly("{instance=\"\",job=\"report\"}=1.0",
                "{instance=\"nas-01\",job=\"backup\"}=1.0");
    }

    @Test
    void learnedCadence() throws Exception {
        configure("""
                push:
                  liveness:
                    - match: {job: nightly}
                      every: auto
                      grace: 10m
                """);
        Labels key = Labels.of("job", "nightly");
        long day = 86400;
        // Before two intervals are seen, up says only whether the last push succeeded.
        for (int i = 0; i < 3; i++) {
            groups.clear();
            groups.add(group(key, T0 + i * day, 0));
            clock.set(Instant.ofEpochSecond(T0 + i * day + 60));
            Map<String, List<String>> f = evaluate();
            assertThat(f.get("up")).containsExactly("{instance=\"\",job=\"nightly\"}=1.0");
            assertThat(f.get(PushLiveness.INTERVAL)).hasSize(i < 2 ? 0 : 1);
        }
        assertThat(evaluate().get(PushLiveness.INTERVAL)).containsExactly("{instance=\"\",job=\"nightly\"}=86400.0");
        clock.set(Instant.ofEpochSecond(T0 + 3 * day + 600));
        assertThat(evaluate().get("up")).containsExactly("{instance=\"\",job=\"nightly\"}=1.0");
        clock.set(Instant.ofEpochSecond(T0 + 3 * day + 601));
        assertThat(evaluate().get("up")).containsExactly("{instance=\"\",job=\"nightly\"}=0.0");
    }

    @Test
    void theRegistryHoldsTheStoredGroupsAloneEvenWhenTheStoreDidNotChange() throws Exception {
        configure("");
        ProducerRegistry registry = new ProducerRegistry(clock);
        // As the server reads them: a new object at each read, equal while the configuration is.
        PushLiveness alone = new PushLiveness("up", () -> new LivenessRules(config.rules(), config.expect()), registry,
                () -> groups);
        Labels nas = Labels.of("job", "backup", "instance", "nas-01");
        groups.add(group(nas, T0, 0));
        groups.add(group(Labels.of("job", "etl"), T0, 0));
        alone.families();
        assertThat(registry.count(Route.PUSH)).isEqualTo(2);
        MetricFamily lastSeen = registry.families().get(0);
        alone.families(); // the very same groups and rules: nothing to report or forget
        assertThat(registry.count(Route.PUSH)).isEqualTo(2);
        assertThat(registry.families().get(0)).as("no producer changed").isSameAs(lastSeen);

        // A push the store refused, of a group it does not hold: reported as it happened...
        alone.pushed(Labels.of("job", "refused"), T0 * 1000, false, "type clash");
        assertThat(registry.count(Route.PUSH)).isEqualTo(3);
        // ...and forgotten at the next evaluation, though the stored groups are the same objects.
        alone.families();
        assertThat(registry.producers(Route.PUSH)).extracting(ProducerView::labels)
                .containsExactly(Labels.of("instance", "", "job", "etl"), nas);
        groups.removeFirst();
        alone.families();
        assertThat(registry.producers(Route.PUSH)).extracting(ProducerView::labels)
                .containsExactly(Labels.of("instance", "", "job", "etl"));
    }

    @Test
    void aGroupPushedWhileAnEvaluationReadsTheStoreKeepsWhatItsPushesReported() throws Exception {
        configure("");
        ProducerRegistry registry = new ProducerRegistry(clock);
        Labels nas = Labels.of("job", "backup", "instance", "nas-03");
        String why = "pushed metrics must not have timestamps";
        AtomicInteger reads = new AtomicInteger();
        Supplier<List<Group>> store = () -> {
            if (reads.getAndIncrement() > 0) {
                return List.of(group(nas, T0, T0 + 1));
            }
            // The evaluation has read the store; a push and a refused push land and are reported
            // before it looks at the registry (a scrape or a render ahead beside the push route).
            registry.report(Route.PUSH, nas, T0 * 1000, true, "");
            registry.report(Route.PUSH, nas, (T0 + 1) * 1000, false, why);
            return List.of();
        };
        PushLiveness racing = new PushLiveness("up", () -> config, registry, store);

        racing.families();
        racing.families(); // the next evaluation reads the store as it is

        assertThat(registry.producers(Route.PUSH)).singleElement().satisfies(v -> {
            assertThat(v.labels()).isEqualTo(nas);
            assertThat(v.lastError()).isEqualTo(why);
            assertThat(v.reason()).isEqualTo("last push failed: " + why);
        });
    }

    @Test
    void withoutLivenessConfigNoUpIsServed() throws Exception {
        configure("");
        groups.add(group(Labels.of("job", "backup"), T0, 0));
        Map<String, List<String>> f = evaluate();
        assertThat(f).containsOnlyKeys(PushLiveness.LAST_SUCCESS, PushLiveness.INTERVAL);
        assertThat(f.values()).allMatch(List::isEmpty);
    }

    @Test
    void aKeyAndItsInstanceTwinServeOneSeries() throws Exception {
        configure("""
                push:
                  expect:
                    - {job: backup}
                """);
        groups.add(group(Labels.of("job", "backup", "instance", ""), T0, 0));
        assertThat(evaluate().get("up")).containsExactly("{instance=\"\",job=\"backup\"}=1.0");
    }
}
