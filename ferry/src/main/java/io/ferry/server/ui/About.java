package io.ferry.server.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the status page tells about Ferry itself.
 *
 * @param startTime        when Ferry started
 * @param buildInformation the build, as {@code build_information}
 * @param flags            every serve flag by name (without {@code --}) with the value in effect, read at each render
 * @param zone             the zone times are written in
 * @param metricsPath      the telemetry path, relative to the prefix ({@code /metrics})
 */
public record About(Instant startTime, Map<String, String> buildInformation, Supplier<Map<String, String>> flags,
                    ZoneId zone, String metricsPath) {
}
