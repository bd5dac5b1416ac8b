package io.ferry.tunnel;

import io.ferry.scrape.discovery.TunnelRegistry;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.SettableClock;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.Poll;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.ferry.tunnel.proxy.Scheduler;
import io.ferry.tunnel.proxy.TunnelProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's registry as tunnel_sd sees it. */
class ProxyRegistryTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final TunnelProxy proxy = new TunnelProxy(ProxyOptions.DEFAULTS,
            new SettableClock(Instant.parse("2026-01-05T10:00:00Z")), Scheduler.of(executor), new DefaultRegistry());

    @AfterEach
    void stop() {
        proxy.close();
        executor.shutdownNow();
    }

    @Test
    void aPollingClientIsSeenWithItsDeclarationsAndAClosedWatchHearsNoMore() throws Exception {
        List<List<TunnelRegistry.Client>> seen = new CopyOnWriteArrayList<>();
        TunnelRegistry.Watch watch = new ProxyRegistry(proxy).watch(seen::add);
        assertThat(seen).containsExactly(List.of()); // the first call, at once
        proxy.poll(new Poll("gw.site-a", "", Map.of("site", "a"),
                List.of(new DeclaredTarget(9091, "/metrics"), new DeclaredTarget(9100, "")), Duration.ZERO));
        TunnelRegistry.Client expected = new TunnelRegistry.Client("gw.site-a", "", Map.of("site", "a"),
                List.of(new TunnelRegistry.Target(9091, "/metrics"), new TunnelRegistry.Target(9100, "")), true);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!seen.getLast().equals(List.of(expected))) {
            assertThat(System.nanoTime()).as("the client in %s", seen).isLessThan(deadline);
            Thread.sleep(50);
        }
        watch.close();
        int calls = seen.size();
        proxy.poll(Poll.plain("other", ""));
        Thread.sleep(1500); // the proxy tells watchers at most about once a second
        assertThat(seen).hasSize(calls);
    }
}
