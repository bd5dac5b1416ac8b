package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** --web.route-prefix, --web.external-url and --web.telemetry-path through the real server. */
class RoutePrefixIT {
    @TempDir
    Path storage;

    private FerryConfig config(String routePrefix, String externalUrl, String telemetryPath) {
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0"), routePrefix, externalUrl,
                telemetryPath, false, false), new StorageConfig(storage), FerryConfig.DEFAULTS.log(),
                FerryConfig.DEFAULTS.push());
    }

    @Test
    void everyRouteMovesUnderThePrefixAndTheScrapeToTheTelemetryPath() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("pg/", "", "/prom"))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.status("GET", "/pg/-/healthy")).isEqualTo(200);
            assertThat(http.status("GET", "/pg/-/ready")).isEqualTo(200);
            assertThat(http.status("GET", "/-/healthy")).isEqualTo(404);

            assertThat(http.send("PUT", "/pg/metrics/job/backup", "done 1\n").statusCode()).isEqualTo(200);
            assertThat(http.status("PUT", "/metrics/job/backup")).isEqualTo(404);
            assertThat(http.send("GET", "/pg/prom", null).body()).contains("done{instance=\"\",job=\"backup\"} 1\n");
            // Pushes stay on <prefix>/metrics; the scrape is only on the telemetry path.
            assertThat(http.status("GET", "/pg/metrics")).isEqualTo(404);
            assertThat(http.status("GET", "/metrics")).isEqualTo(404);
            assertThat(http.status("DELETE", "/pg/metrics/job/backup")).isEqualTo(202);
            // A path the router normalises to a push path is not taken for one.
            assertThat(http.status("PUT", "/pg/./metrics/job/backup")).isEqualTo(404);
        }
    }

    @Test
    void thePrefixDefaultsToThePathOfTheExternalUrl() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("", "https://example.com/gw/", "/metrics"))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.status("GET", "/gw/-/healthy")).isEqualTo(200);
            assertThat(http.status("GET", "/gw/metrics")).isEqualTo(200);
            assertThat(http.status("GET", "/metrics")).isEqualTo(404);
        }
    }
}
