package io.ferry.server;

import io.ferry.config.ConfigException;
import io.ferry.cluster.MemberId;
import io.ferry.config.ConfigSource;
import io.ferry.config.FerryConfig;
import io.ferry.config.PushLimitsConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.WebLimits;
import io.ferry.config.WebPaths;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.liveness.ProducerLiveness;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.Route;
import io.ferry.otlp.OtlpIngest;
import io.ferry.otlp.OtlpMetrics;
import io.ferry.push.PushService;
import io.ferry.recordfile.OnDamage;
import io.ferry.server.auth.WebSecurity;
import io.ferry.server.ui.About;
import io.ferry.server.ui.Sources;
import io.ferry.state.DurableGroupStore;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.statsd.StatsdService;
import io.ferry.telemetry.BuildInfo;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.JvmCollector;
import io.ferry.telemetry.ProcessCollector;
import io.ferry.telemetry.Registry;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.ferry.tunnel.proxy.Scheduler;
import io.ferry.tunnel.proxy.TunnelProxy;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A running Ferry: the one wiring function, {@link #start}, that {@code ferry serve} and the tests
 * both call, and the handle to stop it.
 *
 * <pre>{@code
 * try (FerryServer ferry = FerryServer.start(config)) {   // listen on port 0 in tests
 *     URI uri = URI.create("http://127.0.0.1:" + ferry.port() + "/-/healthy");
 * }
 * }</pre>
 *
 * <p>One port serves HTTP/1.1 and HTTP/2 over cleartext (h2c, by prior knowledge or Upgrade).
 * The routes are in {@link Routes}. {@code /-/quit} does not stop the server: it completes
 * {@link #quitRequested()}, and whoever runs Ferry calls {@link #close()}.
 */
public final class FerryServer implements AutoCloseable {
    /** How long {@link #close()} lets in-flight requests finish before connections are cut. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
    private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();
    /** The largest push body read; a larger one is answered 413 (a flag comes with the push limits). */
    private static final List<String> LIMIT_REASONS = List.of("max_body_bytes", "max_series_per_push",
            "max_labels_per_series", "max_label_name_length", "max_label_value_length", "max_groups", "max_series",
            "max_pushes_per_second");
    private static final Logger LOG = Log.logger();

    private final Vertx vertx;
    private final List<HttpServer> servers;
    private final ListenAddress address;
    private final Registry registry;
    private final AtomicBoolean ready;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final GroupStore store;
    private final CompletableFuture<String> quit;
    private final PushLifecycle lifecycle;
    private final ConfigReloader reloader;
    private final PullPath pull;
    private final Optional<TunnelProxy> tunnel;
    private final TunnelListener tunnelListener;
    private final InProcessTunnelClient tunnelClient;
    private final Optional<StatsdService> statsd;
    private final OtlpIngest otlp;
    private final OtlpListeners otlpListeners;
    private final ClusterMember cluster;
    private final RenderAhead renderAhead;

    private FerryServer(Vertx vertx, List<HttpServer> servers, ListenAddress address, Registry registry, AtomicBoolean ready,
                        GroupStore store, CompletableFuture<String> quit, PushLifecycle lifecycle, ConfigReloader reloader,
                        PullPath pull, Optional<TunnelProxy> tunnel, TunnelListener tunnelListener,
                        InProcessTunnelClient tunnelClient, Optional<StatsdService> statsd, OtlpIngest otlp,
                        OtlpListeners otlpListeners, ClusterMember cluster, RenderAhead renderAhead) {
        this.cluster = cluster;
        this.renderAhead = renderAhead;
        this.otlp = otlp;
        this.otlpListeners = otlpListeners;
        this.statsd = statsd;
        this.tunnel = tunnel;
        this.tunnelListener = tunnelListener;
        this.tunnelClient = tunnelClient;
        this.reloader = reloader;
        this.pull = pull;
        this.store = store;
        this.lifecycle = lifecycle;
        this.quit = quit;
        this.vertx = vertx;
        this.servers = servers;
        this.address = address;
        this.registry = registry;
        this.ready = ready;
    }

    /**
     * Builds everything {@code config} asks for and starts listening; returns once the port is bound
     * and Ferry is ready. Throws {@link IOException} naming the address or directory when the port
     * cannot be bound or the storage directory cannot be created, having released what it took.
     */
    public static FerryServer start(FerryConfig config) throws IOException {
        return start(config, ConfigSource.fixed(config));
    }

    /**
     * As {@link #start(FerryConfig)}, with {@code source} read again by {@code /-/reload};
     * {@code config} is what it gave at start.
     */
    public static FerryServer start(FerryConfig config, ConfigSource source) throws IOException {
        WebSecurity security = WebSecurity.load(config.auth());
        StorageDirectory.prepare(config.storage().path());

        OpenedSoFar opened = new OpenedSoFar();
        try {
            return start(config, source, security, opened);
        } catch (Throwable t) {
            opened.closeAfter(t);
            throw t;
        }
    }

    /** The steps of a start; what they open goes to {@code opened}, which the caller closes should one fail. */
    private static FerryServer start(FerryConfig config, ConfigSource source, WebSecurity security, OpenedSoFar opened)
            throws IOException {
        Registry registry = ownMetrics();
        HttpMetrics httpMetrics = new HttpMetrics(registry);
        ClientMistakes mistakes = new ClientMistakes(registry);
        // Sharing the work with other members: a static shard, or the shards Kafka's group assigns.
        ClusterMember cluster = opened.add(ClusterMember.open(config.cluster(), MemberId.of(config.cluster().memberId(),
                config.web().listenAddress().port(), config.storage().path())));
        // With cluster.bootstrap_servers, the push state is the Kafka state topic's, not the local log's.
        boolean clustered = config.cluster().kafka();
        GroupStore store = opened.add(clustered ? ClusterState.open(config) : openStore(config, registry));
        // The groups whose liveness, expiry and forwarding this server decides: a member's own partitions'.
        Supplier<Collection<Group>> decidedHere = clustered ? ClusterState.decidedHere(store, cluster.owned())
                : store::groups;
        // Expiry, liveness and the status page follow the config in effect, which /-/reload changes.
        RunningConfig running = new RunningConfig(config);
        // The fleet: every route reports its producers here; the API, the pages and up read it.
        ProducerRegistry producers = new ProducerRegistry(Clock.systemUTC());
        PushLifecycle lifecycle = opened.add(PushLifecycle.registerMetrics(registry, decidedHere,
                () -> running.get().push().lifecycle(), producers, Clock.systemUTC()));
        // After push liveness, whose collection reconciles the push groups with the store first.
        registry.register(producers::families);
        // StatsD: its own metrics are registered before the push service learns Ferry's types; its
        // listeners bind now, so a taken port fails the start before HTTP listens.
        Optional<StatsdService> statsd = config.statsd().enabled()
                ? Optional.of(opened.add(StatsdService.start(config.statsd(), config.push().lifecycle().livenessMetric(),
                        registry, producers, Clock.systemUTC())))
                : Optional.empty();
        // OTLP's own metrics, before the push service learns Ferry's types; ingest writes with the push checks.
        OtlpMetrics otlpMetrics = new OtlpMetrics(registry, config.otlp());
        PushService push = pushService(config, store, registry);
        if (clustered) {
            ClusterState.start(store, push.checks(), cluster.owned());
        }
        lifecycle.startExpiry(push);
        push.observeOutcomes(lifecycle::pushed);
        OtlpIngest otlp = opened.add(new OtlpIngest(store, push.checks(), push.labelLimits(),
                config.otlp(), config.push().lifecycle().livenessMetric(), otlpMetrics, producers, Clock.systemUTC()));
        // Tunnel clients' up: the route's view here, its feed beside the proxy (openTunnel).
        ProducerLiveness tunnelLiveness = TunnelProducers.liveness(producers, config.push().lifecycle().livenessMetric(),
                config.tunnel());
        ServedMetrics served = new ServedMetrics(store, registry, () -> {
            List<MetricFamily> liveness = new ArrayList<>(statsd.map(StatsdService::families).orElse(List.of()));
            liveness.addAll(otlp.livenessFamilies());
            liveness.addAll(tunnelLiveness.families());
            return liveness;
        }, decidedHere);
        // The tunnel proxy, before the pull path, whose tunnel_sd reads its registry.
        Optional<TunnelProxy> tunnel = config.tunnel().enabled()
                ? Optional.of(opened.add(openTunnel(config.tunnel(), registry, producers))) : Optional.empty();

        // The queues open now; scraping starts once the port is bound (the self-scrape's instance is the address).
        PullPath pull;
        try {
            pull = opened.add(PullPath.open(config.prometheus(), config.storage().path(),
                    config.storage().remoteWriteMaxBytes(), config.storage().remoteWriteFlushDeadline(), onDamage(config),
                    configDir(source), served, "Ferry/" + BuildInfo.version(), registry, tunnel.orElse(null),
                    new ScrapeProducers(producers), cluster.sharing()));
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot start scraping and remote write: " + e.getMessage(), e);
        }
        // tunnel_client: its TLS files are read now; it polls once the port is bound.
        InProcessTunnelClient tunnelClient = opened.add(InProcessTunnelClient.create(config.tunnelClient(),
                configDir(source), registry));
        ConfigReloader reloader = new ConfigReloader(running, source, push, Log::configure, pull::apply, pull::rediscover,
                next -> statsd.ifPresent(s -> s.reload(next)), Log.logger());
        StatusInfo status = new StatusInfo(Instant.now(), BuildInfo.information(),
                () -> StatusInfo.flagsOf(running.get(), source.file()), ZoneId.systemDefault());
        CompletableFuture<String> quit = new CompletableFuture<>();
        AtomicBoolean ready = new AtomicBoolean();
        ListenAddress wanted = config.web().listenAddress();
        WebLimits limits = config.web().limits();
        String prefix = config.web().prefix();
        ConnectionGuard connections = new ConnectionGuard(limits, Set.of(prefix + "/-/healthy", prefix + "/-/ready"),
                registry);
        TunnelListener tunnelListener = TunnelListener.of(config, connections, registry);
        // Every accepted connection passes its listener's guard before Vert.x reads from it.
        Vertx vertx = Vertx.builder().withTransport(new AdmittingTransport(tunnelListener::admit)).build();
        opened.add(() -> closeQuietly(vertx));
        boolean listening = false;
        try {
            BodyBudget bodies = new BodyBudget(limits.effectiveMaxBodyBytesInFlight(config.push().limits().maxBodyBytes()),
                    registry);
            bodyLimits(config).forEach((key, max) -> {
                if (bodies.maxBytes() < max) {
                    LOG.warn("the body budget is smaller than a route's largest body: a body larger than the budget is "
                            + "answered 413", "max_body_bytes_in_flight", bodies.maxBytes(), "limit", key, "bytes", max);
                }
            });
            ClusterStatus clusterStatus = new ClusterStatus(cluster, store, () -> ready.get() && store.healthy());
            clusterStatus.register(registry);
            Sources ui = new Sources(store::groups, pull::pools, producers::producers, pull::queues,
                    tunnel.map(t -> t::clients), statsd.isPresent(), registry::collect,
                    new About(status.startTime(), status.buildInformation(), status.flags(), status.zone(),
                            WebPaths.join("", config.web().telemetryPath())), clusterStatus::view);
            MetricsBody metrics = new MetricsBody(served::collect, config.web().enableOpenMetrics());
            Routes.Services services = new Routes.Services(
                    () -> ready.get() && store.healthy(), push, metrics, config.push().limits(),
                    quit::complete, reloader, store::groups, status, pull::pools, connections, bodies, tunnel,
                    new OtlpReceiver(otlp), producers, ui, clusterStatus);
            // One server, with its own router, per event loop on the same port (EventLoopServers).
            List<HttpServer> servers = new ArrayList<>(EventLoopServers.listen(vertx, EVENT_LOOPS,
                    () -> vertx.createHttpServer(serverOptions(security, limits))
                            .invalidRequestHandler(mistakes::invalidRequest)
                            .exceptionHandler(mistakes::connectionFailed)
                            .requestHandler(mistakes.checkingHeads(
                                    Routes.create(vertx, httpMetrics, mistakes, config.web(), services, security))),
                    SocketAddress.inetSocketAddress(wanted.port(), wanted.bindHost())));
            ListenAddress bound = wanted.withPort(servers.getFirst().actualPort());
            if (tunnel.isPresent()) {
                servers.addAll(tunnelListener.listen(vertx, EVENT_LOOPS, () -> serverOptions(security, limits), server -> server
                        .invalidRequestHandler(mistakes::invalidRequest)
                        .exceptionHandler(mistakes::connectionFailed)
                        .requestHandler(mistakes.checkingHeads(Routes.createTunnel(vertx, httpMetrics, mistakes,
                                config.web(), tunnel.get(), tunnelListener.connections(), bodies, security)))));
            }
            OtlpListeners otlpListeners = OtlpListeners.listen(vertx, EVENT_LOOPS, config.otlp(),
                    () -> serverOptions(security, limits), server -> server
                            .invalidRequestHandler(mistakes::invalidRequest)
                            .exceptionHandler(mistakes::connectionFailed),
                    (grpc) -> grpc
                            ? Routes.createOtlpGrpc(vertx, httpMetrics, services.otlp(), connections, bodies, security)
                            : mistakes.checkingHeads(Routes.createOtlpHttp(vertx, httpMetrics, mistakes, services.otlp(),
                                    connections, bodies, security)));
            servers.addAll(otlpListeners.servers());
            listening = true;
            pull.start(selfAddress(bound), config.web().metricsPath());
            tunnelClient.start();
            RenderWarmUp.runOnce(served::own);
            RenderAhead renderAhead = RenderAhead.start(store::changes, metrics, registry);
            ready.set(true);
            LOG.info("listening", "address", bound, "event_loops", EVENT_LOOPS, "tls", security.tls());
            return new FerryServer(vertx, servers, bound, registry, ready, store, quit, lifecycle, reloader, pull, tunnel,
                    tunnelListener, tunnelClient, statsd, otlp, otlpListeners, cluster, renderAhead);
        } catch (Exception e) {
            throw new IOException((listening ? "cannot start scraping and remote write: " : "cannot listen on " + wanted + ": ")
                    + e.getMessage(), e);
        }
    }

    /** The largest body each route takes, by its config key: the tunnel's only when the proxy runs. */
    private static Map<String, Long> bodyLimits(FerryConfig config) {
        Map<String, Long> limits = new LinkedHashMap<>();
        limits.put("push.limits.max_body_bytes", config.push().limits().maxBodyBytes());
        limits.put("otlp.max_request_bytes", config.otlp().maxRequestBytes());
        if (config.tunnel().enabled()) {
            limits.put("tunnel.max_response_bytes", config.tunnel().maxResponseBytes());
        }
        return limits;
    }

    /** What every listener's servers are built with: TLS from the web config file, h2c, the timeouts' backstop. */
    private static HttpServerOptions serverOptions(WebSecurity security, WebLimits limits) {
        return security.applyTo(new HttpServerOptions()
                .setHttp2ClearTextEnabled(true)
                // /metrics gzips by its own negotiation; Vert.x must not compress again.
                .setCompressionSupported(false)
                .setSslHandshakeTimeout(limits.readHeaderTimeout().toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                // A backstop behind ConnectionGuard's timers: no bytes either way, as from a
                // client that stopped reading its answer, closes the connection.
                .setIdleTimeout(Math.toIntExact(backstopIdle(limits).toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    }

    /** The tunnel proxy, with the one thread its timeouts run on, its clients reported to {@code producers}. */
    private static TunnelProxy openTunnel(ProxyOptions options, Registry registry, ProducerRegistry producers) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-tunnel-timers");
            t.setDaemon(true);
            return t;
        });
        try {
            TunnelProxy proxy = new TunnelProxy(options, Clock.systemUTC(), Scheduler.of(timers), registry);
            // Its clients are read into the registry whenever the registry is read.
            producers.reconcileWith(Route.TUNNEL, new TunnelProducers(proxy, producers, Clock.systemUTC())::refresh);
            return proxy;
        } catch (RuntimeException | Error e) {
            timers.shutdownNow();
            throw e;
        }
    }

    /** The tunnel proxy, when {@code tunnel.enabled}: what tunnel_sd and tests reach it by. */
    public Optional<TunnelProxy> tunnel() {
        return tunnel;
    }

    /** The StatsD service, when a StatsD listener is configured: where it listens, what it holds. */
    public Optional<StatsdService> statsd() {
        return statsd;
    }

    /** The port of the OTLP/HTTP listener ({@code otlp.http_listen_address}), when there is one. */
    public Optional<Integer> otlpHttpPort() {
        return otlpListeners.httpPort();
    }

    /** The port of the OTLP/gRPC listener ({@code otlp.grpc_listen_address}), when there is one. */
    public Optional<Integer> otlpGrpcPort() {
        return otlpListeners.grpcPort();
    }

    /** The port the tunnel's own listener ({@code tunnel.listen_address}) is bound to, when there is one. */
    public Optional<Integer> tunnelPort() {
        return tunnelListener.boundPort();
    }

    private static Registry ownMetrics() {
        Registry registry = new DefaultRegistry();
        registry.register(BuildInfo.collector());
        registry.register(new ProcessCollector());
        registry.register(new JvmCollector());
        return registry;
    }

    /** The push API; built once every own family is registered, so that no push can contradict one. */
    private static PushService pushService(FerryConfig config, GroupStore store, Registry registry) {
        PushLimitsConfig limits = config.push().limits();
        Counter limited = registry.counter("ferry_push_limit_refusals_total",
                "Pushes refused by a limit, by the limit's key under push.limits.", "reason");
        for (String reason : LIMIT_REASONS) {
            limited.labels(reason); // present at 0 from the start, so rate() and alerts see the first refusal
        }
        Map<String, MetricType> ownTypes = new HashMap<>();
        registry.collect().forEach(f -> ownTypes.put(f.name(), f.type()));
        PushService push = new PushService(store, ownTypes, new PushService.Options(config.push().consistencyCheck(),
                parseLimits(limits), pushLimits(limits)), Clock.systemUTC());
        push.observeLimits(reason -> limited.labels(reason).inc());
        return push;
    }

    private static DurableGroupStore openStore(FerryConfig config, Registry registry) throws IOException {
        DurableGroupStore.Options options = DurableGroupStore.Options.DEFAULT;
        if (!config.storage().fsync()) {
            options = options.withoutFsync();
            LOG.warn("storage.fsync is off: an acknowledged push can be lost if the machine fails");
        }
        DurableGroupStore store = DurableGroupStore.open(config.storage().path().resolve("push"), options, onDamage(config));
        StoreMetrics.register(registry, store);
        return store;
    }

    /** What opening the logs does with damage no crash explains: {@code --storage.repair} cuts it, keeping a copy. */
    private static OnDamage onDamage(FerryConfig config) {
        return config.storage().repair() ? OnDamage.REPAIR : OnDamage.REFUSE;
    }

    /** Longer than any wait ConnectionGuard allows, so that its timers, which count why, act first. */
    private static Duration backstopIdle(WebLimits limits) {
        return limits.idleTimeout().plus(limits.readHeaderTimeout()).plus(limits.readTimeout());
    }

    /** The bound port: the configured one, or the one the system chose for port 0. */
    public int port() {
        return address.port();
    }

    /** The listen address with the bound port. */
    public ListenAddress address() {
        return address;
    }

    /** Ferry's own metrics; components started by {@link #start} register here. */
    public Registry registry() {
        return registry;
    }

    /**
     * Completes when {@code /-/quit} asks Ferry to stop, with what asked ({@code "PUT /-/quit"});
     * the server keeps running until {@link #close()}.
     */
    public CompletionStage<String> quitRequested() {
        return quit.minimalCompletionStage();
    }

    /**
     * Reads the config again and applies it, as {@code /-/reload} does (SIGHUP calls this); an
     * invalid file is logged (by the reloader, as for {@code /-/reload}) and changes nothing.
     * Returns whether the reload succeeded.
     */
    public boolean reload() {
        try {
            reloader.reload();
            return true;
        } catch (ConfigException e) {
            return false;
        } catch (RuntimeException e) {
            // A fault of Ferry's own: logged as the reload's failure, not printed raw by the signal's thread.
            LOG.error("failed to reload config", "err", e);
            return false;
        }
    }

    /** Stops with the default {@link #SHUTDOWN_GRACE}. */
    @Override
    public void close() {
        close(SHUTDOWN_GRACE);
    }

    /**
     * Stops gracefully: reports not-ready, stops accepting connections, lets in-flight requests
     * finish for up to {@code grace}, then closes everything. Returns when done; later calls do nothing.
     */
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        tunnelClient.close();
        // Held polls and waiting scrapes are answered now, rather than holding the grace to its end.
        tunnel.ifPresent(TunnelProxy::close);
        try {
            Future.all(servers.stream().map(s -> s.shutdown(grace)).toList())
                    .await(grace.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP server did not shut down cleanly", "err", e);
        }
        closeQuietly(vertx);
        renderAhead.close();
        statsd.ifPresent(StatsdService::close);
        otlp.close();
        // Shared targets go to the other members first, their series going on there, not ended here.
        cluster.close();
        // Last scrapes end their series into the queues, which keep what they have not sent.
        pull.close();
        lifecycle.close();
        store.close();
    }

    /** Where relative files named in the config are found: the config file's directory. */
    private static Path configDir(ConfigSource source) {
        return source.file().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    }

    /** The address the self-scrape names as its instance: the bound one, a wildcard host read as localhost. */
    private static String selfAddress(ListenAddress bound) {
        String host = bound.host().isEmpty() ? "localhost" : bound.host();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.port();
    }

    /** The parser's bounds: the body limit, and a label bound that leaves the push limit to say no. */
    private static ParseLimits parseLimits(PushLimitsConfig l) {
        ParseLimits d = ParseLimits.DEFAULT;
        return new ParseLimits(l.maxBodyBytes(), d.maxLineBytes(), Math.max(d.maxLabelsPerSeries(), l.maxLabelsPerSeries()));
    }

    private static io.ferry.push.PushLimits pushLimits(PushLimitsConfig l) {
        return new io.ferry.push.PushLimits(l.maxSeriesPerPush(), l.maxLabelsPerSeries(), l.maxLabelNameLength(),
                l.maxLabelValueLength(), l.maxGroups(), l.maxSeries());
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly", "err", e);
        }
    }
}
