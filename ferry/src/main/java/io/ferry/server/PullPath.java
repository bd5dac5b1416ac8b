package io.ferry.server;

import io.ferry.config.ConfigWarnings;
import io.ferry.config.PrometheusConfig;
import io.ferry.http.HttpClientSettings;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.recordfile.OnDamage;
import io.ferry.remotewrite.QueueStatus;
import io.ferry.remotewrite.RemoteWrite;
import io.ferry.scrape.HttpSources;
import io.ferry.scrape.JobScrapers;
import io.ferry.scrape.ScrapeJob;
import io.ferry.scrape.ScrapeManager;
import io.ferry.scrape.ScrapeObserver;
import io.ferry.scrape.ScrapeSource;
import io.ferry.scrape.TargetFilter;
import io.ferry.scrape.discovery.Discoverers;
import io.ferry.scrape.discovery.DiscoveryMetrics;
import io.ferry.scrape.discovery.JndiDnsResolver;
import io.ferry.scrape.discovery.StaticTargets;
import io.ferry.scrape.discovery.TunnelRegistry;
import io.ferry.telemetry.Registry;
import io.ferry.tunnel.ProxyRegistry;
import io.ferry.tunnel.TunnelSources;
import io.ferry.tunnel.proxy.TunnelProxy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The pull path: discovery, the scrape jobs of {@code scrape_configs}, and the remote-write queues
 * they write to; and, when {@code remote_write} is configured, a scrape of Ferry's own
 * {@code /metrics} (pushed groups, liveness, own metrics) done in-process on the global interval
 * with {@code honor_labels}, so pushed data reaches the receivers through the same queues. Jobs with
 * {@code tunnel_sd_configs} find the tunnel proxy's clients in its registry and scrape them through
 * it, in-process.
 *
 * <pre>{@code
 * PullPath pull = PullPath.open(config.prometheus(), storageDir, budget, flushDeadline, OnDamage.REFUSE, configDir, served,
 *         userAgent, registry, tunnelProxy, new ScrapeProducers(producers), PullPath.Sharing.NONE);
 * pull.start("localhost:9091", "/metrics"); // once Ferry's port is bound
 * pull.apply(reloaded.prometheus()); // on a reload that changed it
 * pull.rediscover();                 // on every reload
 * }</pre>
 *
 * <p>Thread-safe: {@link #start}, {@link #apply} and {@link #close} are serialised.
 */
final class PullPath implements AutoCloseable {
    /** The job name of the in-process scrape; {@code _self} is appended while scrape_configs uses the name. */
    static final String SELF_JOB = "ferry";
    private static final Logger LOG = Log.logger();

    private final RemoteWrite remoteWrite;
    private final Duration flushDeadline;
    private final ScheduledExecutorService discoveryThreads;
    private final ScrapeManager scrapes;
    private final HttpSources http;
    private final TunnelSources tunnel; // null: the tunnel proxy is off
    private final ScrapeSource self;
    private final Sharing sharing;
    private volatile String selfJob = SELF_JOB;
    private String selfAddress; // null until start
    private int selfPort;
    private String metricsPath = "/metrics";
    private PrometheusConfig configured; // the latest config given, applied from start on
    private final PrometheusConfig opened; // the config the remote writes were opened with
    private PrometheusConfig running; // null until start

    private PullPath(PrometheusConfig config, RemoteWrite remoteWrite, Duration flushDeadline, Path configDir,
                     ServedMetrics served, String userAgent, Registry registry, TunnelProxy tunnelProxy,
                     ScrapeObserver observer, Sharing sharing) {
        this.configured = config;
        this.opened = config;
        this.sharing = sharing;
        this.flushDeadline = flushDeadline;
        this.remoteWrite = remoteWrite;
        this.discoveryThreads = Discoverers.newExecutor();
        this.http = new HttpSources(userAgent, configDir, registry);
        this.self = deadline -> served.collectForwarded();
        // tunnel_sd_configs: the proxy's registry and the scrape through it, both in-process.
        this.tunnel = tunnelProxy == null ? null : new TunnelSources(tunnelProxy, userAgent, configDir, http::bodyTooLarge);
        TunnelRegistry tunnelClients = tunnelProxy == null ? TunnelRegistry.NONE : new ProxyRegistry(tunnelProxy);
        DiscoveryMetrics sdMetrics = DiscoveryMetrics.register(registry);
        this.scrapes = new ScrapeManager(remoteWrite, job -> Discoverers.forJob(job, configDir, discoveryThreads, sdMetrics,
                JndiDnsResolver.system(), tunnelClients), this::sourcesFor, offsetSeed(config.global().externalLabels()),
                registry, observer, sharing.filter(), this::sharded);
    }

    /**
     * How this Ferry shares scrape targets with other members.
     *
     * @param filter       which targets of the shared jobs it scrapes
     * @param memberLabels external labels of this member's own, over {@code global.external_labels}
     *                     ({@code __replica__} when several members scrape each target)
     */
    record Sharing(TargetFilter filter, Map<String, String> memberLabels) {
        /** A Ferry alone: every target, no label of its own. */
        static final Sharing NONE = new Sharing(TargetFilter.ALL, Map.of());
    }

    /**
     * Whether {@code job}'s targets are shared among members: all but the self-scrape (each member
     * scrapes itself) and tunnel_sd jobs (a tunnel client is known to the member it polls, which
     * scrapes it).
     */
    private boolean sharded(ScrapeJob job) {
        return !job.jobName().equals(selfJob) && !job.throughTunnel();
    }

    /** {@code global.external_labels} with this member's own over them. */
    private static Map<String, String> externalLabels(PrometheusConfig config, Sharing sharing) {
        if (sharing.memberLabels().isEmpty()) {
            return config.global().externalLabels();
        }
        Map<String, String> out = new LinkedHashMap<>(config.global().externalLabels());
        out.putAll(sharing.memberLabels());
        return out;
    }

    /**
     * Opens the remote-write queues under {@code storageDir}; nothing is scraped until {@link #start}.
     *
     * @param flushDeadline how long {@link #close} lets the queues be sent before it stops them
     * @param onDamage  what opening a queue does with damage no crash explains
     * @param configDir where relative file_sd patterns and credential files are found
     * @param served    what {@code GET /metrics} serves: the self-scrape's source
     * @param tunnelProxy the tunnel proxy whose clients {@code tunnel_sd_configs} finds; null when it is off
     * @param observer  told of every scrape and of the targets scraped here: the producer registry's scrape feed
     */
    static PullPath open(PrometheusConfig config, Path storageDir, long queueBudgetBytes, Duration flushDeadline,
                         OnDamage onDamage, Path configDir, ServedMetrics served, String userAgent, Registry registry,
                         TunnelProxy tunnelProxy, ScrapeObserver observer) throws IOException {
        return open(config, storageDir, queueBudgetBytes, flushDeadline, onDamage, configDir, served, userAgent, registry,
                tunnelProxy, observer, Sharing.NONE);
    }

    /**
     * {@link #open}, sharing the targets with other members as {@code sharing} says ({@link Sharing#NONE}
     * alone); a target that moved to another member leaves {@code observer}'s targets.
     */
    static PullPath open(PrometheusConfig config, Path storageDir, long queueBudgetBytes, Duration flushDeadline,
                         OnDamage onDamage, Path configDir, ServedMetrics served, String userAgent, Registry registry,
                         TunnelProxy tunnelProxy, ScrapeObserver observer, Sharing sharing) throws IOException {
        RemoteWrite rw = RemoteWrite.open(storageDir.resolve("remote_write"), configDir, config.remoteWrite(),
                externalLabels(config, sharing), queueBudgetBytes, registry, onDamage);
        return new PullPath(config, rw, flushDeadline, configDir, served, userAgent, registry, tunnelProxy, observer,
                sharing);
    }

    /**
     * Starts every scrape job; {@code selfAddress}, Ferry's listen address, is the self-scrape's
     * {@code instance}; a job that scrapes it at {@code metricsPath} as well is warned of.
     */
    synchronized void start(String selfAddress, String metricsPath) {
        this.selfAddress = selfAddress;
        this.selfPort = Integer.parseInt(selfAddress.substring(selfAddress.lastIndexOf(':') + 1));
        this.metricsPath = metricsPath;
        try {
            apply(configured);
        } catch (RemoteWrite.NotApplied e) {
            // A reload while the port was being bound named a remote_write that cannot start: the
            // config the remote writes were opened with runs instead, as a refused reload leaves it.
            LOG.error("failed to apply the reloaded config; the config at start stays in effect", "err", e.getMessage());
            try {
                apply(opened);
            } catch (RemoteWrite.NotApplied impossible) {
                throw new IllegalStateException("the remote writes opened at start run this config already", impossible);
            }
        }
    }

    private JobScrapers sourcesFor(ScrapeJob job) {
        if (job.jobName().equals(selfJob)) {
            return target -> self;
        }
        if (!job.throughTunnel()) {
            return http.forJob(job);
        }
        if (tunnel != null) {
            return tunnel.forJob(job);
        }
        return target -> deadline -> {
            throw new ScrapeSource.ScrapeException("the tunnel proxy is off (tunnel.enabled: false); "
                    + "tunnel_sd_configs jobs are scraped through it");
        };
    }

    /**
     * Makes the running receivers and jobs those of {@code config}; what did not change keeps running.
     * Before {@link #start} (a reload while the port is being bound) it is kept for start to apply.
     *
     * @throws RemoteWrite.NotApplied when a new or changed remote_write cannot start (a secret or TLS
     *                                file cannot be read): nothing changed, the running config stays
     */
    synchronized void apply(PrometheusConfig config) throws RemoteWrite.NotApplied {
        if (selfAddress == null) {
            configured = config;
            return;
        }
        if (running == null || !running.remoteWrite().equals(config.remoteWrite())
                || !running.global().externalLabels().equals(config.global().externalLabels())) {
            try {
                remoteWrite.apply(config.remoteWrite(), externalLabels(config, sharing));
            } catch (RemoteWrite.NotApplied e) {
                throw e;
            } catch (IOException e) {
                LOG.error("cannot open a remote_write queue", "err", e.getMessage());
            }
        }
        configured = config;
        if (config.remoteWrite().isEmpty() && !config.scrapeConfigs().isEmpty()) {
            LOG.warn("scrape_configs without remote_write: scraped samples are not stored or sent anywhere");
        }
        for (String w : ConfigWarnings.selfScrapes(config, selfPort, metricsPath)) {
            LOG.warn(w);
        }
        for (String w : ConfigWarnings.tunnelSdWithoutProxy(config, tunnel != null)) {
            LOG.warn(w);
        }
        List<ScrapeJob> jobs = new ArrayList<>(config.scrapeConfigs());
        if (!config.remoteWrite().isEmpty()) {
            String name = SELF_JOB;
            while (isTaken(jobs, name)) {
                name += "_self";
            }
            selfJob = name;
            jobs.add(selfJob(config, name));
        }
        scrapes.apply(jobs);
        running = config;
    }

    private static boolean isTaken(List<ScrapeJob> jobs, String name) {
        return jobs.stream().anyMatch(j -> j.jobName().equals(name));
    }

    /** Has every job read its discovery sources again (a reload, changed or not). */
    void rediscover() {
        scrapes.rediscover();
    }

    /** Every scrape job's targets, active and dropped, with each loop's health and history. */
    List<ScrapeManager.Pool> pools() {
        return scrapes.pools();
    }

    /** The remote-write queues running now, with their depth history (see {@link RemoteWrite#queues}). */
    List<QueueStatus> queues() {
        return remoteWrite.queues();
    }

    private ScrapeJob selfJob(PrometheusConfig config, String name) {
        var g = config.global();
        return new ScrapeJob(name, g.scrapeInterval(), g.scrapeTimeout(), "/metrics", "http", Map.of(), true, true,
                g.limits(), HttpClientSettings.DEFAULTS, List.of(new StaticTargets(List.of(selfAddress), Map.of())),
                List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** A seed for target offsets from the host and external labels, as Prometheus derives its own. */
    static long offsetSeed(Map<String, String> externalLabels) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "";
        }
        return (host + externalLabels).hashCode() * 0x9E3779B97F4A7C15L;
    }

    /**
     * Stops scraping (ending every series), then discovery, then the queues: sent for up to the
     * flush deadline, and keeping what is unsent.
     */
    @Override
    public synchronized void close() {
        scrapes.close();
        discoveryThreads.shutdownNow();
        remoteWrite.close(flushDeadline);
    }
}
