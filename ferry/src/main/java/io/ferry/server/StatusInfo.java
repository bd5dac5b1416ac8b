package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.model.GoDuration;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
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

    /**
     * The flags in effect, as the Pushgateway's status lists its own: by flag name, values as the
     * flags spell them, the route prefix as computed.
     */
    static Map<String, String> flagsOf(FerryConfig c, Optional<Path> configFile) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("config.file", configFile.map(Path::toString).orElse(""));
        f.put("web.listen-address", c.web().listenAddress().toString());
        f.put("web.route-prefix", c.web().prefix());
        f.put("web.external-url", c.web().externalUrl());
        f.put("web.telemetry-path", c.web().telemetryPath());
        f.put("web.enable-admin-api", Boolean.toString(c.web().enableAdminApi()));
        f.put("web.enable-lifecycle", Boolean.toString(c.web().enableLifecycle()));
        f.put("storage.path", c.storage().path().toString());
        f.put("log.level", c.log().level().label());
        f.put("log.format", c.log().format().label());
        f.put("push.disable-consistency-check", Boolean.toString(!c.push().consistencyCheck()));
        f.put("persistence.file", c.persistence().file());
        f.put("persistence.interval", GoDuration.format(c.persistence().interval()));
        return f;
    }
}
