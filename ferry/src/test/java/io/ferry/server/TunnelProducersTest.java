package io.ferry.server;

import io.ferry.liveness.Health;
import io.ferry.liveness.ProducerLiveness;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.ProducerView;
import io.ferry.liveness.Route;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.SettableClock;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelHeaders;
import io.ferry.tunnel.proxy.Poll;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.ferry.tunnel.proxy.Scheduler;
import io.ferry.tunnel.proxy.TunnelProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** The tunnel route's feed: a listed client is up while connected, down once it stops polling, gone when unlisted. */
class TunnelProducersTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final TunnelProxy proxy = new TunnelProxy(ProxyOptions.DEFAULTS, clock, Scheduler.of(executor),
            new DefaultRegistry());
    private final ProducerRegistry registry = new ProducerRegistry(clock);
    private final ProducerLiveness view = TunnelProducers.liveness(registry, "up", ProxyOptions.DEFAULTS);
    private final TunnelProducers feed = new TunnelProducers(proxy, registry, clock);

    @AfterEach
    void close() {
        proxy.close();
    }

    private List<ProducerView> producers() {
        return registry.producers(Route.TUNNEL);
    }

    @Test
    void aClientIsUpWhilePollingDownWhenItStopsAndForgottenWhenNoLongerListed() throws Exception {
        proxy.poll(Poll.plain("site-a", ""));
        feed.refresh();
        assertThat(producers()).singleElement().satisfies(p -> {
            assertThat(p.labels()).isEqualTo(Labels.of("job", "tunnel", "instance", "site-a"));
            assertThat(p.health()).isEqualTo(Health.UP);
            assertThat(p.intervalSeconds()).hasValue(30);
        });
        assertThat(up()).isEqualTo(1);

        // A scrape answers the poll; the client polls no more.
        proxy.scrape(new ScrapeRequest("GET", URI.create("http://site-a:9100/metrics"),
                HeaderFields.of(TunnelHeaders.SCRAPE_TIMEOUT_SECONDS, "10")), Duration.ofSeconds(10));
        clock.advance(TunnelProxy.CONNECTED_GRACE.plusSeconds(1));
        feed.refresh();
        assertThat(producers()).singleElement().satisfies(p -> {
            assertThat(p.health()).isEqualTo(Health.DOWN);
            assertThat(p.lastError()).startsWith("not polling since");
        });
        assertThat(up()).isEqualTo(0);

        clock.advance(ProxyOptions.DEFAULTS.registrationTimeout());
        feed.refresh();
        assertThat(producers()).isEmpty();
        assertThat(view.families()).isEmpty();
    }

    /** The client's {@code up} as served. */
    private double up() {
        MetricFamily up = view.families().stream().filter(f -> f.name().equals("up")).findFirst().orElseThrow();
        return ((ValueMetric) up.metrics().getFirst()).value();
    }
}
