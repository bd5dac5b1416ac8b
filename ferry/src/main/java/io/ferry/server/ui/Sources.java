package io.ferry.server.ui;

import io.ferry.liveness.ProducerView;
import io.ferry.model.MetricFamily;
import io.ferry.remotewrite.QueueStatus;
import io.ferry.scrape.ScrapeManager;
import io.ferry.state.Group;
import io.ferry.tunnel.proxy.TunnelClient;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the pages show, each read afresh at every render (on a worker thread, never the event loop).
 *
 * @param groups    the stored push groups
 * @param scrapes   the scrape jobs with their active and dropped targets
 * @param producers every producer of every route, judged now ({@code ProducerRegistry.producers()})
 * @param queues    the remote-write queues
 * @param tunnel    the tunnel proxy's registered clients, when {@code tunnel.enabled}
 * @param statsd    whether a StatsD listener is configured
 * @param own       Ferry's own metrics, for the listeners' counters (packets, drops, points refused)
 * @param about     Ferry itself: build, start time, flags
 * @param cluster   this member's part in the cluster, as {@code /api/v1/cluster} shows it (blocks on Kafka)
 */
public record Sources(Supplier<Collection<Group>> groups, Supplier<List<ScrapeManager.Pool>> scrapes,
                      Supplier<List<ProducerView>> producers, Supplier<List<QueueStatus>> queues,
                      Optional<Supplier<List<TunnelClient>>> tunnel, boolean statsd,
                      Supplier<List<MetricFamily>> own, About about, Supplier<ClusterView> cluster) {
}
