package io.ferry.server;

import io.ferry.config.ByteSize;
import io.ferry.config.FerryConfig;
import io.ferry.config.StatsdOptionsText;
import io.ferry.config.WebLimits;
import io.ferry.model.GoDuration;
import io.ferry.statsd.StatsdOptions;
import io.ferry.tunnel.proxy.ProxyOptions;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the status API and page report about Ferry itself.
 *
 * @param startTime         when Ferry started
 * @param buildInformation  the build, as {@code build_information}
 * @param flags             every serve flag by name (without {@code --}) with the value in effect
 * @param zone              the zone times are written in (the system's, as the Pushgateway uses its local zone)
 */
record StatusInfo(Instant startTime, Map<String, String> buildInformation, Supplier<Map<String, String>> flags,
                  ZoneId zone) {

    /** Times are kept to the microsecond, as push times are, so that the page shows one precision. */
    StatusInfo {
        startTime = startTime.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The flags in effect, as the Pushgateway's status lists its own: every {@code serve} flag by
     * name, values as the flags spell them, paths absolute, the route prefix as computed.
     */
    static Map<String, String> flagsOf(FerryConfig c, Optional<Path> configFile) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("config.file", configFile.map(StatusInfo::absolute).orElse(""));
        f.put("web.listen-address", c.web().listenAddress().toString());
        f.put("web.route-prefix", c.web().prefix());
        f.put("web.external-url", c.web().externalUrl());
        f.put("web.telemetry-path", c.web().telemetryPath());
        f.put("web.enable-admin-api", Boolean.toString(c.web().enableAdminApi()));
        f.put("web.enable-lifecycle", Boolean.toString(c.web().enableLifecycle()));
        f.put("web.enable-openmetrics", Boolean.toString(c.web().enableOpenMetrics()));
        f.put("web.config.file", c.auth().webConfigFile().map(StatusInfo::absolute).orElse(""));
        WebLimits limits = c.web().limits();
        f.put("web.max-connections", Integer.toString(limits.maxConnections()));
        f.put("web.read-header-timeout", GoDuration.format(limits.readHeaderTimeout()));
        f.put("web.read-timeout", GoDuration.format(limits.readTimeout()));
        f.put("web.idle-timeout", GoDuration.format(limits.idleTimeout()));
        f.put("web.max-body-bytes-in-flight", ByteSize.format(limits.effectiveMaxBodyBytesInFlight(c.push().limits().maxBodyBytes())));
        f.put("storage.path", absolute(c.storage().path()));
        f.put("storage.remote-write.max-bytes", ByteSize.format(c.storage().remoteWriteMaxBytes()));
        f.put("storage.repair", Boolean.toString(c.storage().repair()));
        f.put("log.level", c.log().level().label());
        f.put("log.format", c.log().format().label());
        f.put("push.disable-consistency-check", Boolean.toString(!c.push().consistencyCheck()));
        f.put("push.max-body-bytes", ByteSize.format(c.push().limits().maxBodyBytes()));
        f.put("persistence.file", c.persistence().file().isEmpty() ? "" : absolute(Path.of(c.persistence().file())));
        f.put("persistence.interval", GoDuration.format(c.persistence().interval()));
        ProxyOptions t = c.tunnel();
        f.put("tunnel.enabled", Boolean.toString(t.enabled()));
        f.put("tunnel.listen-address", t.listenAddress());
        f.put("tunnel.max-clients", Integer.toString(t.maxClients()));
        f.put("tunnel.max-connections", Integer.toString(t.maxConnections()));
        f.put("tunnel.scrape.default-timeout", GoDuration.format(t.scrapeDefaultTimeout()));
        f.put("tunnel.scrape.max-timeout", GoDuration.format(t.scrapeMaxTimeout()));
        f.put("tunnel.registration.timeout", GoDuration.format(t.registrationTimeout()));
        f.put("tunnel.max-response-bytes", ByteSize.format(t.maxResponseBytes()));
        f.put("otlp.http-listen-address", c.otlp().httpListenAddress());
        f.put("otlp.grpc-listen-address", c.otlp().grpcListenAddress());
        f.put("otlp.max-request-bytes", ByteSize.format(c.otlp().maxRequestBytes()));
        StatsdOptions sd = c.statsd();
        f.put("statsd.listen-udp", StatsdOptionsText.format(sd.listenUdp()));
        f.put("statsd.listen-tcp", StatsdOptionsText.format(sd.listenTcp()));
        f.put("statsd.listen-unixgram", sd.listenUnixgram() == null ? "" : absolute(sd.listenUnixgram()));
        f.put("statsd.unixsocket-mode", Integer.toOctalString(sd.unixsocketMode()));
        f.put("statsd.mapping-config", sd.mappingFile() == null ? "" : absolute(sd.mappingFile()));
        f.put("statsd.read-buffer", Long.toString(sd.readBuffer()));
        f.put("statsd.cache-size", Integer.toString(sd.cacheSize()));
        f.put("statsd.parse-dogstatsd-tags", Boolean.toString(sd.tagStyles().dogstatsd()));
        f.put("statsd.parse-influxdb-tags", Boolean.toString(sd.tagStyles().influxdb()));
        f.put("statsd.parse-librato-tags", Boolean.toString(sd.tagStyles().librato()));
        f.put("statsd.parse-signalfx-tags", Boolean.toString(sd.tagStyles().signalfx()));
        f.put("no-statsd.parse-dogstatsd-tags", Boolean.toString(!sd.tagStyles().dogstatsd()));
        f.put("no-statsd.parse-influxdb-tags", Boolean.toString(!sd.tagStyles().influxdb()));
        f.put("no-statsd.parse-librato-tags", Boolean.toString(!sd.tagStyles().librato()));
        f.put("no-statsd.parse-signalfx-tags", Boolean.toString(!sd.tagStyles().signalfx()));
        // statsd_exporter's pipeline tuning, accepted and ignored: nothing in effect to show.
        for (String ignored : new String[] {"statsd.cache-type", "statsd.event-queue-size",
                "statsd.event-flush-threshold", "statsd.event-flush-interval", "statsd.udp-packet-queue-size"}) {
            f.put(ignored, "");
        }
        return f;
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
