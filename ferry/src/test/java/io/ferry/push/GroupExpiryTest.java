package io.ferry.push;

import io.ferry.config.ConfigLoader;
import io.ferry.model.LabelSelector;
import io.ferry.model.Labels;
import io.ferry.state.DurableGroupStore;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.InMemoryGroupStore;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry over a store in memory, with a clock the test moves; over the durable store where a test
 * shows that expiry goes through the log.
 */
class GroupExpiryTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private GroupStore store;
    private PushService push;
    private final SettableClock clock = new SettableClock(Instant.ofEpochMilli(T0));
    private final List<String> expired = new ArrayList<>();
    private List<ExpiryRule> rules;
    private GroupExpiry expiry;

    @BeforeEach
    void open() throws Exception {
        rules = ConfigLoader.parse("""
                push:
                  expire:
                    - name: ci
                      match: {job: "ci-*"}
                      after: 1h
                    - name: keep-backup-long
                      match: {job: backup}
                      after: 24h
                """, "ferry.yml").push().lifecycle().expire();
        over(new InMemoryGroupStore());
    }

    /** The service and the expiry over {@code groups}, in place of those before. */
    private void over(GroupStore groups) {
        close();
        store = groups;
        push = new PushService(store, Map.of(), PushService.Options.DEFAULT, clock);
        expiry = new GroupExpiry(push, store::groups, () -> rules, clock,
                (g, rule) -> expired.add(rule.name() + " " + g.key()));
    }

    @AfterEach
    void close() {
        if (expiry != null) {
            expiry.close();
            store.close();
        }
    }

    private void pushTo(String path) throws Exception {
        push.push(GroupingKey.parse(path), true, "m 1\n".getBytes(StandardCharsets.UTF_8), null, null).join();
    }

    @Test
    void groupsOutliveTheirRuleAndGoThroughTheLog() throws Exception {
        over(DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT));
        pushTo("/job/ci-1");
        pushTo("/job/backup");
        pushTo("/job/etl");
        clock.advance(Duration.ofMinutes(30));
        pushTo("/job/ci-2");
        clock.advance(Duration.ofMinutes(31));
        assertThat(expiry.sweep()).isEqualTo(1);
        assertThat(expired).containsExactly("ci {job=\"ci-1\"}");
        assertThat(store.groups()).extracting(g -> g.key().get("job")).containsExactlyInAnyOrder("ci-2", "backup", "etl");

        clock.advance(Duration.ofDays(2));
        assertThat(expiry.sweep()).isEqualTo(2);
        // No rule matches etl: it stays forever, as in the Pushgateway.
        assertThat(store.groups()).extracting(g -> g.key().get("job")).containsExactly("etl");

        // Durable: a reopened store does not bring expired groups back.
        store.close();
        store = DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT);
        assertThat(store.groups()).extracting(g -> g.key().get("job")).containsExactly("etl");
    }

    @Test
    void failedPushesDoNotKeepAGroupAlive() throws Exception {
        pushTo("/job/ci-1");
        clock.advance(Duration.ofMinutes(50));
        push.push(GroupingKey.parse("/job/ci-1"), true, "m 1 123\n".getBytes(StandardCharsets.UTF_8), null, null)
                .handle((v, e) -> null).join();
        assertThat(store.group(Labels.of("job", "ci-1")).pushFailureTimeSeconds()).isGreaterThan(0);
        clock.advance(Duration.ofMinutes(11));
        assertThat(expiry.sweep()).isEqualTo(1);
    }

    @Test
    void aGroupThatOnlyEverFailedAgesFromItsLastFailure() throws Exception {
        push.push(GroupingKey.parse("/job/ci-9"), true, "m 1 123\n".getBytes(StandardCharsets.UTF_8), null, null)
                .handle((v, e) -> null).join();
        Group g = store.group(Labels.of("job", "ci-9"));
        assertThat(g.pushTimeSeconds()).isZero();
        clock.advance(Duration.ofMinutes(59));
        assertThat(expiry.sweep()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(expiry.sweep()).isEqualTo(1);
        assertThat(store.groups()).isEmpty();
    }

    @Test
    void aPushBetweenTheLookAndTheDeleteKeepsTheGroup() throws Exception {
        pushTo("/job/ci-1");
        clock.advance(Duration.ofHours(2));
        Labels key = Labels.of("job", "ci-1");
        ExpiryRule rule = ExpiryRule.firstMatching(rules, key);
        double sweepTime = clock.millis() / 1000.0;
        assertThat(GroupExpiry.isExpired(store.group(key), rule, sweepTime)).isTrue();
        // The group is pushed again after the sweep found it stale, before its delete applies.
        pushTo("/job/ci-1");
        assertThat(push.deleteIf(key, stored -> GroupExpiry.isExpired(stored, rule, sweepTime)).join()).isFalse();
        assertThat(store.group(key)).isNotNull();
    }

    @Test
    void rulesAreReadAtEachSweep() throws Exception {
        pushTo("/job/etl");
        clock.advance(Duration.ofHours(3));
        assertThat(expiry.sweep()).isZero();
        rules = List.of(new ExpiryRule("all", LabelSelector.ANY, Duration.ofHours(2)));
        assertThat(expiry.sweep()).isEqualTo(1);
        assertThat(expired).containsExactly("all {job=\"etl\"}");
    }

    @Test
    void theConsistencyIndexFollowsExpiredGroups() throws Exception {
        // The type check's index must forget an expired group's families, or a later push of the
        // same name with another type would be refused against a group that no longer exists.
        push = new PushService(store, Map.of(), PushService.Options.DEFAULT, clock);
        expiry = new GroupExpiry(push, store::groups, () -> rules, clock, (g, r) -> { });
        push.push(GroupingKey.parse("/job/ci-1"), true, "# TYPE m counter\nm 1\n".getBytes(StandardCharsets.UTF_8),
                null, null).join();
        clock.advance(Duration.ofHours(2));
        assertThat(expiry.sweep()).isEqualTo(1);
        push.push(GroupingKey.parse("/job/other"), true, "# TYPE m gauge\nm 1\n".getBytes(StandardCharsets.UTF_8),
                null, null).join();
    }

    @Test
    void aSweepStopsAtItsTimeLimitAndTheNextContinuesWhereItStopped() throws Exception {
        // The limit's clock moves a second each time it is read; the limit is the period, a minute here.
        AtomicLong nanos = new AtomicLong();
        AtomicInteger cut = new AtomicInteger();
        expiry.close();
        expiry = new GroupExpiry(push, store::groups, () -> rules, clock, (g, rule) -> expired.add(g.key().get("job")),
                cut::incrementAndGet, () -> nanos.addAndGet(1_000_000_000L));
        for (int i = 0; i < 100; i++) {
            pushTo("/job/ci-" + i);
        }
        clock.advance(Duration.ofHours(2));
        int first = expiry.sweep();
        assertThat(first).as("the first sweep stopped at its limit").isPositive().isLessThan(100);
        assertThat(cut).hasValue(1);
        int second = expiry.sweep();
        assertThat(first + second).isEqualTo(100);
        assertThat(expired).doesNotHaveDuplicates().hasSize(100);
        assertThat(store.groups()).isEmpty();
    }

    @Test
    void sweepPeriodIsATenthOfTheShortestRuleWithinBounds() {
        assertThat(GroupExpiry.period(List.of())).isEqualTo(Duration.ofSeconds(1));
        assertThat(GroupExpiry.period(rules)).isEqualTo(Duration.ofMinutes(1));
        assertThat(GroupExpiry.period(List.of(new ExpiryRule("a", LabelSelector.ANY, Duration.ofMinutes(5)))))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(GroupExpiry.period(List.of(new ExpiryRule("a", LabelSelector.ANY, Duration.ofSeconds(2)))))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void deleteMatchingDeletesEachSelectedGroupDurably() throws Exception {
        over(DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT));
        pushTo("/job/etl/instance/db-1");
        pushTo("/job/etl/instance/db-2");
        pushTo("/job/etl/instance/web-1");
        pushTo("/job/backup/instance/db-1");
        LabelSelector s = LabelSelector.parse("{job=\"etl\",instance=~\"db-.*\"}");
        assertThat(push.deleteMatching(s).join()).isEqualTo(2);
        assertThat(store.groups()).extracting(Group::key).containsExactlyInAnyOrder(
                Labels.of("job", "etl", "instance", "web-1"), Labels.of("job", "backup", "instance", "db-1"));
        // A narrower authority (the seam for tokens) limits what a selector can reach.
        assertThat(push.deleteMatching(LabelSelector.parse("{instance=~\".+\"}")
                .and(key -> key.get("job").equals("backup"))).join()).isEqualTo(1);
        assertThat(push.deleteMatching(LabelSelector.parse("{job=\"none\"}")).join()).isZero();
        store.close();
        store = DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT);
        assertThat(store.groups()).extracting(Group::key).containsExactly(Labels.of("job", "etl", "instance", "web-1"));
    }
}
