package io.ferry.liveness;

import io.ferry.model.Labels;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AntiPatternsTest {
    private static final long T0 = 1_700_000_000_000L;
    private final SettableClock clock = new SettableClock(Instant.ofEpochMilli(T0));
    private final ProducerRegistry registry = new ProducerRegistry(clock);

    AntiPatternsTest() {
        registry.rules(Route.PUSH, new RouteRules(l -> Optional.empty(), List.of(), 1000));
        registry.rules(Route.SCRAPE, RouteRules.all(Expectation.every(Duration.ofSeconds(15), Duration.ofSeconds(15)),
                List.of(), 1000));
    }

    private List<String> adviceOf(Labels push) {
        return registry.producers().stream().filter(v -> v.route() == Route.PUSH && v.labels().equals(push))
                .findFirst().orElseThrow().advice().stream().map(Advice::kind).toList();
    }

    /** Pushes every {@code everySeconds} from T0 for {@code seconds}, the clock at the last push. */
    private void pushEvery(Labels key, long everySeconds, long seconds) {
        for (long s = 0; s <= seconds; s += everySeconds) {
            registry.report(Route.PUSH, key, T0 + s * 1000, true, "");
        }
        clock.set(Instant.ofEpochMilli(T0 + seconds / everySeconds * everySeconds * 1000));
    }

    @Test
    void pushedMoreOftenThanOnceAMinuteForOverAnHourIsAService() {
        Labels svc = Labels.of("job", "api", "instance", "web-1");
        pushEvery(svc, 59, 3600);
        assertThat(adviceOf(svc)).isEmpty();  // 59 s apart for 3599 s: not over an hour yet
        pushEvery(svc, 59, 3700);
        assertThat(adviceOf(svc)).containsExactly(Advice.PUSH_LIKE_A_SERVICE);
        assertThat(registry.producers(Route.PUSH).getFirst().advice().getFirst().message())
                .startsWith("pushed every 59s for over an hour");
        // It stopped: a minute without a push ends the run.
        clock.set(clock.instant().plusSeconds(60));
        assertThat(adviceOf(svc)).isEmpty();
    }

    @Test
    void pushesAMinuteApartAreNotAService() {
        Labels cron = Labels.of("job", "cron", "instance", "h");
        pushEvery(cron, 60, 3 * 3600);
        assertThat(adviceOf(cron)).isEmpty();
    }

    @Test
    void fiveJobNamesOfOneFamilyFlagEveryMember() {
        for (int i = 1; i <= 4; i++) {
            registry.report(Route.PUSH, Labels.of("job", "etl-2026120" + i, "instance", ""), T0, true, "");
        }
        registry.report(Route.PUSH, Labels.of("job", "etl", "instance", ""), T0, true, "");
        assertThat(adviceOf(Labels.of("job", "etl-20261201", "instance", ""))).isEmpty();
        registry.report(Route.PUSH, Labels.of("job", "etl-deadbeef00", "instance", ""), T0, true, "");
        assertThat(adviceOf(Labels.of("job", "etl-20261201", "instance", ""))).containsExactly(Advice.ROTATING_JOB_NAMES);
        assertThat(adviceOf(Labels.of("job", "etl-deadbeef00", "instance", ""))).containsExactly(Advice.ROTATING_JOB_NAMES);
        assertThat(adviceOf(Labels.of("job", "etl", "instance", ""))).isEmpty();
        assertThat(registry.producers(Route.PUSH).getLast().advice().getFirst().message())
                .startsWith("5 job names like etl-#: keep one job name");
    }

    @Test
    void theFamilyOfAJobNameReplacesDigitRunsAndLongHexRuns() {
        assertThat(AntiPatterns.family("etl-20261206")).isEqualTo("etl-#");
        assertThat(AntiPatterns.family("build-9f86d081-x2")).isEqualTo("build-#-x#");
        assertThat(AntiPatterns.family("backup")).isEqualTo("backup");
        assertThat(AntiPatterns.family("cafe")).isEqualTo("cafe");
    }

    @Test
    void aPushedInstanceThatIsAlsoAnUpScrapeTargetIsFlagged() {
        Labels pushed = Labels.of("job", "batch", "instance", "db-1:9100");
        registry.report(Route.PUSH, pushed, T0, true, "");
        registry.report(Route.SCRAPE, Labels.of("job", "node", "instance", "db-1:9100"), T0, false, "refused");
        assertThat(adviceOf(pushed)).isEmpty();  // the target is down: not a live target
        registry.report(Route.SCRAPE, Labels.of("job", "node", "instance", "db-1:9100"), T0 + 1, true, "");
        assertThat(adviceOf(pushed)).containsExactly(Advice.PUSHED_AND_SCRAPED);
        assertThat(registry.producers(Route.PUSH).getFirst().advice().getFirst().message())
                .isEqualTo("instance db-1:9100 is also scraped by job node: push only what the scrape cannot see "
                        + "(batch results), or let the scrape carry it");
    }

    @Test
    void aSharedHostIsFlaggedOnlyWithinOneJob() {
        registry.report(Route.SCRAPE, Labels.of("job", "node", "instance", "db-1:9100"), T0, true, "");
        registry.report(Route.SCRAPE, Labels.of("job", "api", "instance", "api-1:8080"), T0, true, "");
        Labels cron = Labels.of("job", "backup", "instance", "db-1");   // a batch job on a scraped host: fine
        Labels service = Labels.of("job", "api", "instance", "api-1");  // the scraped service pushing too
        registry.report(Route.PUSH, cron, T0, true, "");
        registry.report(Route.PUSH, service, T0, true, "");
        assertThat(adviceOf(cron)).isEmpty();
        assertThat(adviceOf(service)).containsExactly(Advice.PUSHED_AND_SCRAPED);
    }

    @Test
    void theHostOfAnInstance() {
        assertThat(AntiPatterns.host("db-1:9100")).isEqualTo("db-1");
        assertThat(AntiPatterns.host("[::1]:9100")).isEqualTo("::1");
        assertThat(AntiPatterns.host("::1")).isEqualTo("::1");
        assertThat(AntiPatterns.host("db-1")).isEqualTo("db-1");
    }
}
