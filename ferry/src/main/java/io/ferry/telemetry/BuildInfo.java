package io.ferry.telemetry;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Ferry's version, from {@code io/ferry/version.properties} (filtered by Maven), and the
 * {@code ferry_build_info} gauge that exposes it.
 */
public final class BuildInfo {
    private static final String VERSION = load();

    private BuildInfo() {
    }

    /** The project version, or {@code unknown} when run from unfiltered sources (an IDE). */
    public static String version() {
        return VERSION;
    }

    /**
     * The build as {@code /api/v1/status} reports it, in the Pushgateway's {@code build_information}
     * shape: {@code version}, and {@code javaVersion} where the Pushgateway has {@code goVersion}.
     * Revision, branch, build user and date are not recorded by the build, so they are left out.
     */
    public static Map<String, String> information() {
        return Map.of("version", VERSION, "javaVersion", Runtime.version().toString());
    }

    /** {@code ferry_build_info{version="..."} 1}. */
    public static Collector collector() {
        List<MetricFamily> families = List.of(new MetricFamily("ferry_build_info", MetricType.GAUGE,
                "A metric with a constant '1' value labeled by the version Ferry was built from.", null,
                List.of(ValueMetric.of(Labels.of("version", VERSION), 1))));
        return () -> families;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/ferry/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
