package io.ferry.config;

import io.ferry.cluster.ClusterOptions;
import io.ferry.log.Level;
import io.ferry.log.LogFormat;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.proxy.ProxyOptions;

import java.nio.file.Path;

/**
 * Everything Ferry is configured with, one record per section of the config file. Built from
 * {@link #DEFAULTS}, then the file ({@link ConfigLoader}), then the flags ({@link ConfigOverrides}).
 *
 * <pre>{@code
 * FerryConfig c = ConfigOverrides.NONE.withListenAddress(ListenAddress.parse("127.0.0.1:0"))
 *         .applyTo(ConfigLoader.load(Path.of("ferry.yml")));
 * }</pre>
 *
 * @param persistence  the Pushgateway's persistence flags, accepted for compatibility (flags only)
 * @param auth         tokens, and the web config file (TLS, basic auth): {@code auth:}, {@code web.config_file}
 * @param prometheus   prometheus.yml's {@code global}, {@code scrape_configs} and {@code remote_write} (scraped and sent by the pull path)
 * @param tunnel       the tunnel proxy: {@code tunnel:}
 * @param tunnelClient {@code tunnel_client:}, the tunnel client {@code serve} runs too; null: none
 * @param statsd       the StatsD listeners: {@code statsd:} and the {@code --statsd.*} flags
 * @param otlp         OTLP ingest and its listeners: {@code otlp:} and the {@code --otlp.*} flags
 * @param cluster      members on Kafka or static sharding: {@code cluster:}; {@link ClusterOptions#NONE}: single node
 *
 * <p>The constructors that leave out {@code statsd} or {@code otlp} (those configs built field by
 * field, as tests and embedders do) give {@link StatsdOptions#OFF} and {@link OtlpOptions#OFF}: no
 * StatsD or OTLP listener unless asked for, so such servers never contend for ports 9125, 4317 and
 * 4318 ({@code POST /v1/metrics} on the main port stays). {@link #DEFAULTS}, under the file and the
 * flags, listens on {@code :9125} as statsd_exporter and on {@code :4317} and {@code :4318} as an
 * OpenTelemetry collector.
 */
public record FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push,
                          PersistenceConfig persistence, AuthConfig auth, PrometheusConfig prometheus,
                          ProxyOptions tunnel, TunnelClientOptions tunnelClient, StatsdOptions statsd,
                          OtlpOptions otlp, ClusterOptions cluster) {

    /**
     * The embedded defaults: the Pushgateway's port, state under {@code ./data}, info logs in
     * logfmt, StatsD on statsd_exporter's {@code :9125}.
     */
    public static final FerryConfig DEFAULTS = new FerryConfig(
            new WebConfig(new ListenAddress("", 9091)),
            new StorageConfig(Path.of("data")),
            new LogConfig(Level.INFO, LogFormat.LOGFMT),
            PushConfig.DEFAULTS,
            PersistenceConfig.DEFAULT,
            AuthConfig.DEFAULTS,
            PrometheusConfig.EMPTY,
            ProxyOptions.DEFAULTS,
            null,
            StatsdOptions.DEFAULTS,
            OtlpOptions.DEFAULTS,
            ClusterOptions.NONE);

    /** A single node's config. */
    public FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push,
                       PersistenceConfig persistence, AuthConfig auth, PrometheusConfig prometheus,
                       ProxyOptions tunnel, TunnelClientOptions tunnelClient, StatsdOptions statsd,
                       OtlpOptions otlp) {
        this(web, storage, log, push, persistence, auth, prometheus, tunnel, tunnelClient, statsd, otlp,
                ClusterOptions.NONE);
    }

    /** A config without OTLP listeners of its own. */
    public FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push,
                       PersistenceConfig persistence, AuthConfig auth, PrometheusConfig prometheus,
                       ProxyOptions tunnel, TunnelClientOptions tunnelClient, StatsdOptions statsd) {
        this(web, storage, log, push, persistence, auth, prometheus, tunnel, tunnelClient, statsd, OtlpOptions.OFF);
    }

    /** A config without StatsD listeners. */
    public FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push,
                       PersistenceConfig persistence, AuthConfig auth, PrometheusConfig prometheus,
                       ProxyOptions tunnel, TunnelClientOptions tunnelClient) {
        this(web, storage, log, push, persistence, auth, prometheus, tunnel, tunnelClient, StatsdOptions.OFF);
    }

    /** A config with the tunnel proxy at its defaults, no tunnel client and no StatsD listeners. */
    public FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push,
                       PersistenceConfig persistence, AuthConfig auth, PrometheusConfig prometheus) {
        this(web, storage, log, push, persistence, auth, prometheus, ProxyOptions.DEFAULTS, null);
    }

    /** A config without scrape jobs or remote_write receivers. */
    public FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push,
                       PersistenceConfig persistence, AuthConfig auth) {
        this(web, storage, log, push, persistence, auth, PrometheusConfig.EMPTY);
    }

    /** A config with the persistence flags at their defaults. */
    public FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push) {
        this(web, storage, log, push, PersistenceConfig.DEFAULT);
    }

    /** A config with no authentication (Ferry open, as the Pushgateway by default). */
    public FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push,
                       PersistenceConfig persistence) {
        this(web, storage, log, push, persistence, AuthConfig.DEFAULTS);
    }

    public FerryConfig withWeb(WebConfig w) {
        return new FerryConfig(w, storage, log, push, persistence, auth, prometheus, tunnel, tunnelClient, statsd, otlp, cluster);
    }

    public FerryConfig withStorage(StorageConfig s) {
        return new FerryConfig(web, s, log, push, persistence, auth, prometheus, tunnel, tunnelClient, statsd, otlp, cluster);
    }

    public FerryConfig withLog(LogConfig l) {
        return new FerryConfig(web, storage, l, push, persistence, auth, prometheus, tunnel, tunnelClient, statsd, otlp, cluster);
    }

    public FerryConfig withAuth(AuthConfig a) {
        return new FerryConfig(web, storage, log, push, persistence, a, prometheus, tunnel, tunnelClient, statsd, otlp, cluster);
    }

    public FerryConfig withPush(PushConfig p) {
        return new FerryConfig(web, storage, log, p, persistence, auth, prometheus, tunnel, tunnelClient, statsd, otlp, cluster);
    }

    public FerryConfig withPrometheus(PrometheusConfig p) {
        return new FerryConfig(web, storage, log, push, persistence, auth, p, tunnel, tunnelClient, statsd, otlp, cluster);
    }

    public FerryConfig withTunnel(ProxyOptions t) {
        return new FerryConfig(web, storage, log, push, persistence, auth, prometheus, t, tunnelClient, statsd, otlp, cluster);
    }

    public FerryConfig withTunnelClient(TunnelClientOptions t) {
        return new FerryConfig(web, storage, log, push, persistence, auth, prometheus, tunnel, t, statsd, otlp, cluster);
    }

    public FerryConfig withStatsd(StatsdOptions s) {
        return new FerryConfig(web, storage, log, push, persistence, auth, prometheus, tunnel, tunnelClient, s, otlp, cluster);
    }

    public FerryConfig withOtlp(OtlpOptions o) {
        return new FerryConfig(web, storage, log, push, persistence, auth, prometheus, tunnel, tunnelClient, statsd, o, cluster);
    }

    public FerryConfig withCluster(ClusterOptions c) {
        return new FerryConfig(web, storage, log, push, persistence, auth, prometheus, tunnel, tunnelClient, statsd, otlp,
                c);
    }
}
