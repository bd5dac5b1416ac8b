package io.ferry.server;

import io.ferry.liveness.Health;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.ProducerView;
import io.ferry.liveness.Route;
import io.ferry.model.Labels;
import io.ferry.scrape.ScrapeTarget;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrape route's feed: each scrape's outcome, the interval as expectation, targets that go forgotten. */
class ScrapeProducersTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final ProducerRegistry registry = new ProducerRegistry(clock);
    private final ScrapeProducers feed = new ScrapeProducers(registry);
    private final ScrapeTarget app = new ScrapeTarget("app", Labels.of("job", "app", "instance", "a:9100"),
            Labels.of("__address__", "a:9100"), URI.create("http://a:9100/metrics"), Duration.ofSeconds(10),
            Duration.ofSeconds(5), 1);

    private ProducerView only() {
        List<ProducerView> all = registry.producers(Route.SCRAPE);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    @Test
    void aTargetIsUpAfterAGoodScrapeDownAfterAFailedOneOrTwoMissedIntervals() {
        feed.targets("app", List.of(app));
        feed.scraped(app, clock.millis(), true, "");
        ProducerView p = only();
        assertThat(p.labels()).isEqualTo(app.labels());
        assertThat(p.health()).isEqualTo(Health.UP);
        assertThat(p.intervalSeconds()).hasValue(10);
        assertThat(p.grace()).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(15));
        assertThat(only().health()).as("one scrape missed").isEqualTo(Health.OVERDUE);
        clock.advance(Duration.ofSeconds(10));
        assertThat(only().health()).as("two scrapes missed").isEqualTo(Health.DOWN);

        feed.scraped(app, clock.millis(), false, "connection refused");
        assertThat(only().health()).isEqualTo(Health.DOWN);
        assertThat(only().lastError()).isEqualTo("connection refused");
    }

    @Test
    void aDiscoveredTargetIsUnknownUntilItsFirstScrape() {
        feed.targets("app", List.of(app));
        assertThat(only().health()).isEqualTo(Health.UNKNOWN);
        assertThat(only().reason()).isEqualTo("no scrape yet");
        feed.scraped(app, clock.millis(), true, "");
        assertThat(only().health()).isEqualTo(Health.UP);
        feed.targets("app", List.of(app)); // the same targets again
        assertThat(only().health()).isEqualTo(Health.UP);
    }

    @Test
    void aTargetThatGoesIsForgotten() {
        ScrapeTarget other = new ScrapeTarget("db", Labels.of("job", "db", "instance", "b:9100"), Labels.EMPTY,
                URI.create("http://b:9100/metrics"), Duration.ofSeconds(10), Duration.ofSeconds(5), 2);
        feed.targets("app", List.of(app));
        feed.targets("db", List.of(other));
        feed.scraped(app, clock.millis(), true, "");
        feed.scraped(other, clock.millis(), true, "");
        assertThat(registry.producers(Route.SCRAPE)).hasSize(2);
        feed.targets("app", List.of());
        assertThat(only().labels()).isEqualTo(other.labels());
    }

    @Test
    void aTargetScrapedBeforeItsJobReportsItKeepsThatScrapeWhileAnotherJobReports() {
        ScrapeTarget fresh = new ScrapeTarget("db", Labels.of("job", "db", "instance", "b:9100"), Labels.EMPTY,
                URI.create("http://b:9100/metrics"), Duration.ofSeconds(10), Duration.ofSeconds(5), 2);
        feed.targets("app", List.of(app));
        // db's pool started the new target's loop, which scraped before the pool reported it...
        feed.scraped(fresh, clock.millis(), false, "connection refused");
        // ...and app's pool reported its targets in between.
        feed.targets("app", List.of(app));
        feed.targets("db", List.of(fresh));
        ProducerView db = registry.producers(Route.SCRAPE).stream()
                .filter(p -> p.labels().equals(fresh.labels())).findFirst().orElseThrow();
        assertThat(db.health()).isEqualTo(Health.DOWN);
        assertThat(db.lastError()).isEqualTo("connection refused");
        assertThat(db.intervalSeconds()).hasValue(10);
    }
}
