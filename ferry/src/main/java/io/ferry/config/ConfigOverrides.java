package io.ferry.config;

import io.ferry.log.Level;
import io.ferry.log.LogFormat;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings given as flags; each one that is not null replaces the config file's value, because
 * flags win over the file and the file wins over the embedded defaults.
 *
 * <pre>{@code
 * FerryConfig c = ConfigOverrides.NONE.withListenAddress(ListenAddress.parse(":9100")).applyTo(fromFile);
 * }</pre>
 */
public record ConfigOverrides(ListenAddress listenAddress, Path storagePath, Level logLevel, LogFormat logFormat,
                              Boolean consistencyCheck, String routePrefix, String externalUrl,
                              String telemetryPath, Boolean enableAdminApi, Boolean enableLifecycle,
                              String persistenceFile, Duration persistenceInterval, Long remoteWriteMaxBytes) {

    public static final ConfigOverrides NONE = new ConfigOverrides(null, null, null, null, null);

    /** The flags that existed before the Pushgateway's web and persistence flags; those stay unset. */
    public ConfigOverrides(ListenAddress listenAddress, Path storagePath, Level logLevel, LogFormat logFormat,
                           Boolean consistencyCheck) {
        this(listenAddress, storagePath, logLevel, logFormat, consistencyCheck, null, null, null, null, null, null,
                null, null);
    }

    public ConfigOverrides withListenAddress(ListenAddress a) {
        return new ConfigOverrides(a, storagePath, logLevel, logFormat, consistencyCheck, routePrefix, externalUrl,
                telemetryPath, enableAdminApi, enableLifecycle, persistenceFile, persistenceInterval, remoteWriteMaxBytes);
    }

    public FerryConfig applyTo(FerryConfig c) {
        WebConfig w = c.web();
        return new FerryConfig(
                new WebConfig(pick(listenAddress, w.listenAddress()), pick(routePrefix, w.routePrefix()),
                        pick(externalUrl, w.externalUrl()), pick(telemetryPath, w.telemetryPath()),
                        pick(enableAdminApi, w.enableAdminApi()), pick(enableLifecycle, w.enableLifecycle()),
                        w.limits(), w.enableOpenMetrics()),
                new StorageConfig(pick(storagePath, c.storage().path()), c.storage().fsync(),
                        pick(remoteWriteMaxBytes, c.storage().remoteWriteMaxBytes()), c.storage().repair(),
                        c.storage().remoteWriteFlushDeadline()),
                new LogConfig(pick(logLevel, c.log().level()), pick(logFormat, c.log().format())),
                c.push().withConsistencyCheck(pick(consistencyCheck, c.push().consistencyCheck())),
                new PersistenceConfig(pick(persistenceFile, c.persistence().file()),
                        pick(persistenceInterval, c.persistence().interval())),
                c.auth()).withPrometheus(c.prometheus()).withTunnel(c.tunnel()).withTunnelClient(c.tunnelClient())
                .withStatsd(c.statsd()).withOtlp(c.otlp()).withCluster(c.cluster());
    }

    private static <T> T pick(T flag, T config) {
        return flag != null ? flag : config;
    }
}
