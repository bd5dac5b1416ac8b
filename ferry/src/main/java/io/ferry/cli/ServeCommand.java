package io.ferry.cli;

import io.ferry.config.ByteSize;
import io.ferry.config.ConfigException;
import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebLimits;
import io.ferry.log.ErrorText;
import io.ferry.log.Level;
import io.ferry.log.Log;
import io.ferry.log.LogFormat;
import io.ferry.log.Logger;
import io.ferry.server.FerryServer;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.ferry.telemetry.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ferry serve}: runs the server until SIGTERM, SIGINT or {@code /-/quit}, then drains and exits 0.
 *
 * <p>Flag names follow the Pushgateway's (kingpin style: {@code --web.listen-address=:9091} or
 * {@code --web.listen-address :9091}). A flag that is given wins over the config file, which wins
 * over the embedded defaults; so no flag has a picocli default, and null means "not given".
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Run the Ferry server (the default command). Flags override the config file.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = Log.logger();

    @Option(names = "--config.file", paramLabel = "FILE",
            description = "YAML config file. Flags given on the command line override its values.")
    Path configFile;

    @Option(names = "--web.listen-address", paramLabel = "ADDRESS", converter = Converters.ListenAddressConverter.class,
            description = "Address to listen on for the API and telemetry: host:port, :port or [::1]:port "
                    + "(default: :9091).")
    ListenAddress listenAddress;

    @Option(names = "--storage.path", paramLabel = "DIR",
            description = "Directory for Ferry's state, created at start (default: ./data).")
    Path storagePath;

    @Option(names = "--storage.remote-write.max-bytes", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            description = "Most bytes on disk of each remote_write's queue (storage.remote_write_max_bytes; default "
                    + "1GiB, at least 2MiB); past it the oldest samples are dropped and counted.")
    Long remoteWriteMaxBytes;

    @Option(names = "--storage.repair",
            description = "Start even though a stored log is damaged in a way no crash explains (a bad record with "
                    + "good ones after it, or one in the snapshot or an older segment): cut the damage and what "
                    + "follows it, keeping a copy beside the file as <file>.damaged-<offset>. Without it such "
                    + "damage stops the start and changes nothing. Use it once, after reading the error.")
    Boolean repair;

    @Option(names = "--log.level", paramLabel = "LEVEL", converter = Converters.LevelConverter.class,
            description = "Only log messages with this severity or above: debug, info, warn, error (default: info).")
    Level logLevel;

    @Option(names = "--log.format", paramLabel = "FORMAT", converter = Converters.LogFormatConverter.class,
            description = "Log format: logfmt or json (default: logfmt).")
    LogFormat logFormat;

    @Option(names = "--push.disable-consistency-check",
            description = "Do not refuse pushes whose metric types clash with other groups' (as the Pushgateway's "
                    + "flag); pushes are then answered 202. Dangerous: clashing families are served by the first "
                    + "group only.")
    Boolean disableConsistencyCheck;

    @Option(names = "--web.route-prefix", paramLabel = "PATH", converter = Converters.RoutePrefixConverter.class,
            description = "Prefix of every route (probes, metrics, push, API, status page). Defaults to the path of "
                    + "--web.external-url.")
    String routePrefix;

    @Option(names = "--web.external-url", paramLabel = "URL", converter = Converters.ExternalUrlConverter.class,
            description = "The URL under which Ferry is reached, e.g. behind a reverse proxy. Its path is the default "
                    + "route prefix and prefixes the status page's links.")
    String externalUrl;

    @Option(names = "--web.telemetry-path", paramLabel = "PATH", converter = Converters.TelemetryPathConverter.class,
            description = "Path, under the route prefix, where GET serves the metrics (default: /metrics). Pushes "
                    + "stay on <prefix>/metrics/job/....")
    String telemetryPath;

    @Option(names = "--web.enable-admin-api",
            description = "Serve PUT /api/v1/admin/wipe, which deletes every group.")
    Boolean enableAdminApi;

    @Option(names = "--web.enable-lifecycle",
            description = "Serve PUT or POST /-/quit (graceful shutdown) and /-/reload (re-read the config file).")
    Boolean enableLifecycle;

    @Option(names = "--web.enable-openmetrics",
            description = "Offer OpenMetrics on the telemetry path when a scraper prefers it. Off by default, as in "
                    + "the Pushgateway: Prometheus 2 stores le and quantile as the format writes them (1 in text "
                    + "0.0.4, 1.0 in OpenMetrics).")
    Boolean enableOpenMetrics;

    @Option(names = "--web.config.file", paramLabel = "FILE",
            description = "Web config file in the exporter-toolkit format, as the Pushgateway's: TLS, basic auth "
                    + "users, response headers, rate limit (see docs/security.md). Read at start.")
    Path webConfigFile;

    @Option(names = "--persistence.file", paramLabel = "FILE",
            description = "Accepted for the Pushgateway's command lines. Ferry always keeps its state on disk; when "
                    + "no storage path is set, it goes in the directory FILE.ferry. FILE itself is not read.")
    String persistenceFile;

    @Option(names = "--persistence.interval", paramLabel = "DURATION", converter = Converters.GoDurationConverter.class,
            description = "Accepted for the Pushgateway's command lines and ignored: every change is on disk before "
                    + "it is acknowledged.")
    Duration persistenceInterval;

    @Option(names = "--push.max-body-bytes", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            description = "Largest push body, after gzip is undone (push.limits.max_body_bytes; default 16MiB); "
                    + "413 beyond.")
    Long maxBodyBytes;

    @Option(names = "--web.max-connections", paramLabel = "N",
            description = "Most HTTP connections open at once (default 512); more are closed at once and counted, "
                    + "but for a few probe slots that serve only /-/healthy and /-/ready.")
    Integer maxConnections;

    @Option(names = "--web.read-header-timeout", paramLabel = "DURATION", converter = Converters.GoDurationConverter.class,
            description = "Time from a connection's opening (its TLS handshake included) to the end of its first "
                    + "request's headers (default 10s).")
    Duration readHeaderTimeout;

    @Option(names = "--web.read-timeout", paramLabel = "DURATION", converter = Converters.GoDurationConverter.class,
            description = "Time from the end of a request's headers to the end of its body (default 1m); a body "
                    + "that trickles or stalls past it is cut.")
    Duration readTimeout;

    @Option(names = "--web.idle-timeout", paramLabel = "DURATION", converter = Converters.GoDurationConverter.class,
            description = "Time a kept-alive connection may take, after a response, to send the next request's "
                    + "headers (default 2m).")
    Duration idleTimeout;

    @Option(names = "--web.max-body-bytes-in-flight", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            description = "Most bytes of push bodies read at once over all connections (default a quarter of the "
                    + "maximum heap); a push beyond it is answered 503 with Retry-After.")
    Long maxBodyBytesInFlight;

    // The tunnel proxy (tunnel: in the config file; docs/tunnel.md).
    @Option(names = "--tunnel.enabled", arity = "0..1", paramLabel = "BOOL",
            description = "Serve the PushProx-compatible tunnel proxy: /poll, /push, /clients and proxy requests "
                    + "(default true; --tunnel.enabled=false turns it off).")
    Boolean tunnelEnabled;

    @Option(names = "--tunnel.listen-address", paramLabel = "ADDRESS", converter = Converters.ListenAddressConverter.class,
            description = "A listener of the tunnel's own besides the HTTP port, with its own connection cap and the "
                    + "web config file's TLS (default: none).")
    ListenAddress tunnelListenAddress;

    @Option(names = "--tunnel.max-connections", paramLabel = "N",
            description = "Most connections open at once on --tunnel.listen-address (default 20000): long polls are "
                    + "idle connections.")
    Integer tunnelMaxConnections;

    @Option(names = "--tunnel.scrape.default-timeout", paramLabel = "DURATION",
            converter = Converters.GoDurationConverter.class,
            description = "A scrape's timeout through the tunnel when Prometheus sends none (default 15s), as "
                    + "PushProx's --scrape.default-timeout.")
    Duration tunnelScrapeDefaultTimeout;

    @Option(names = "--tunnel.scrape.max-timeout", paramLabel = "DURATION",
            converter = Converters.GoDurationConverter.class,
            description = "The longest a scrape through the tunnel waits (default 5m), as PushProx's "
                    + "--scrape.max-timeout.")
    Duration tunnelScrapeMaxTimeout;

    @Option(names = "--tunnel.registration.timeout", paramLabel = "DURATION",
            converter = Converters.GoDurationConverter.class,
            description = "How long a tunnel client stays in /clients after its last poll ended (default 5m).")
    Duration tunnelRegistrationTimeout;

    @Option(names = "--tunnel.max-response-bytes", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            description = "Largest response body a tunnel client may push (default 100MiB); 413 beyond.")
    Long tunnelMaxResponseBytes;

    @Option(names = "--tunnel.max-clients", paramLabel = "N",
            description = "Most fqdns registered with the tunnel proxy at once (default 20000); a poll for a new "
                    + "fqdn beyond is refused with 503.")
    Integer tunnelMaxClients;

    // StatsD (statsd: in the config file; docs/statsd.md): statsd_exporter's flags.
    @Mixin
    StatsdFlags statsd;

    /**
     * The config this command line asks for: defaults (storage beside {@code --persistence.file} when
     * given), then the config file, then the flags. Called again by {@code /-/reload}.
     */
    FerryConfig config() throws ConfigException {
        if (remoteWriteMaxBytes != null && remoteWriteMaxBytes < StorageConfig.MIN_REMOTE_WRITE_MAX_BYTES) {
            throw new ConfigException("--storage.remote-write.max-bytes", 0, "must be at least "
                    + ByteSize.format(StorageConfig.MIN_REMOTE_WRITE_MAX_BYTES) + ", not " + ByteSize.format(remoteWriteMaxBytes));
        }
        FerryConfig defaults = PersistenceFlags.defaults(persistenceFile);
        FerryConfig base = configFile == null ? defaults : ConfigLoader.load(configFile, defaults);
        Boolean check = disableConsistencyCheck == null ? null : !disableConsistencyCheck;
        FerryConfig c = new ConfigOverrides(listenAddress, storagePath, logLevel, logFormat, check, routePrefix,
                externalUrl, telemetryPath, enableAdminApi, enableLifecycle, persistenceFile, persistenceInterval,
                remoteWriteMaxBytes).applyTo(base);
        c = repair == null ? c : c.withStorage(c.storage().withRepair(repair));
        c = maxBodyBytes == null ? c : c.withPush(c.push().withLimits(c.push().limits().withMaxBodyBytes(maxBodyBytes)));
        c = c.withWeb(c.web().withLimits(webLimits(c.web().limits())));
        c = enableOpenMetrics == null ? c : c.withWeb(c.web().withOpenMetrics(enableOpenMetrics));
        c = c.withTunnel(tunnelOptions(c.tunnel()));
        c = statsd.applyTo(c);
        return webConfigFile == null ? c : c.withAuth(c.auth().withWebConfigFile(webConfigFile));
    }

    /** {@code limits} with the web limit flags that were given. */
    private WebLimits webLimits(WebLimits limits) throws ConfigException {
        try {
            WebLimits l = limits;
            l = maxConnections == null ? l : l.withMaxConnections(maxConnections);
            l = readHeaderTimeout == null ? l : l.withReadHeaderTimeout(readHeaderTimeout);
            l = readTimeout == null ? l : l.withReadTimeout(readTimeout);
            l = idleTimeout == null ? l : l.withIdleTimeout(idleTimeout);
            return maxBodyBytesInFlight == null ? l : l.withMaxBodyBytesInFlight(maxBodyBytesInFlight);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("web limit flags", 0, e.getMessage());
        }
    }

    /** {@code tunnel} with the tunnel flags that were given. */
    private ProxyOptions tunnelOptions(ProxyOptions t) throws ConfigException {
        try {
            return new ProxyOptions(pick(tunnelEnabled, t.enabled()),
                    tunnelListenAddress == null ? t.listenAddress() : tunnelListenAddress.toString(),
                    pick(tunnelMaxConnections, t.maxConnections()),
                    pick(tunnelScrapeDefaultTimeout, t.scrapeDefaultTimeout()),
                    pick(tunnelScrapeMaxTimeout, t.scrapeMaxTimeout()),
                    pick(tunnelRegistrationTimeout, t.registrationTimeout()),
                    pick(tunnelMaxResponseBytes, t.maxResponseBytes()), t.maxQueuedScrapes(),
                    pick(tunnelMaxClients, t.maxClients()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tunnel flags", 0, e.getMessage());
        }
    }

    private static <T> T pick(T flag, T config) {
        return flag != null ? flag : config;
    }

    /** This command line as a source {@code /-/reload} reads again: the config file, then the same flags. */
    private ConfigSource source() {
        return new ConfigSource() {
            @Override
            public FerryConfig load() throws ConfigException {
                return config();
            }

            @Override
            public Optional<Path> file() {
                return Optional.ofNullable(configFile);
            }
        };
    }

    @Override
    public Integer call() throws InterruptedException {
        // Log flags apply even to an error in reading the config file.
        FerryConfig flagsOnly = new ConfigOverrides(null, null, logLevel, logFormat, null)
                .applyTo(FerryConfig.DEFAULTS);
        Log.configure(flagsOnly.log().level(), flagsOnly.log().format());
        FerryConfig config;
        try {
            config = config();
        } catch (ConfigException e) {
            LOG.error("invalid config file", "err", e.getMessage());
            return 1;
        }
        Log.configure(config.log().level(), config.log().format());
        LOG.info("starting Ferry", "version", BuildInfo.version(), "java", Runtime.version(),
                "config_file", configFile == null ? "none" : configFile.toAbsolutePath().normalize(),
                "storage_path", config.storage().path().toAbsolutePath().normalize());
        PersistenceFlags.explain(LOG, persistenceFile, persistenceInterval, config);
        statsd.explainIgnored(LOG);

        // Before start, so a signal that arrives while starting still shuts down gracefully.
        ShutdownSignal signal = ShutdownSignal.install();
        FerryServer server;
        try {
            server = FerryServer.start(config, source());
        } catch (IOException e) {
            LOG.error("cannot start", "err", ErrorText.of(e));
            return 1;
        }
        ShutdownSignal.onHangup(server::reload);
        // /-/quit only asks; this thread stops the server, as it does on a signal.
        server.quitRequested().thenAccept(signal::request);
        ShutdownSignal.Cause cause = signal.await();
        LOG.info("shutting down", cause.kind(), cause.name());
        server.close();
        LOG.info("stopped");
        Log.flush();
        return 0;
    }
}
