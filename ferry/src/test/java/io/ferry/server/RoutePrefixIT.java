package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** --web.route-prefix, --web.external-url and --web.telemetry-path through the real server. */
class RoutePrefixIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
            assertThat(status(ferry, "GET", "/pg/-/healthy")).isEqualTo(200);
            assertThat(status(ferry, "GET", "/pg/-/ready")).isEqualTo(200);
            assertThat(status(ferry, "GET", "/-/healthy")).isEqualTo(404);

            assertThat(send(ferry, "PUT", "/pg/metrics/job/backup", "done 1\n").statusCode()).isEqualTo(200);
            assertThat(status(ferry, "PUT", "/metrics/job/backup")).isEqualTo(404);
            assertThat(send(ferry, "GET", "/pg/prom", null).body()).contains("done{instance=\"\",job=\"backup\"} 1\n");
            // Pushes stay on <prefix>/metrics; the scrape is only on the telemetry path.
            assertThat(status(ferry, "GET", "/pg/metrics")).isEqualTo(404);
            assertThat(status(ferry, "GET", "/metrics")).isEqualTo(404);
            assertThat(status(ferry, "DELETE", "/pg/metrics/job/backup")).isEqualTo(202);
            // A path the router normalises to a push path is not taken for one.
            assertThat(status(ferry, "PUT", "/pg/./metrics/job/backup")).isEqualTo(404);
        }
    }

    @Test
    void thePrefixDefaultsToThePathOfTheExternalUrl() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("", "https://example.com/gw/", "/metrics"))) {
            assertThat(status(ferry, "GET", "/gw/-/healthy")).isEqualTo(200);
            assertThat(status(ferry, "GET", "/gw/metrics")).isEqualTo(200);
            assertThat(status(ferry, "GET", "/metrics")).isEqualTo(404);
        }
    }

    private int status(FerryServer ferry, String method, String path) throws Exception {
        return send(ferry, method, path, null).statusCode();
    }

    private HttpResponse<String> send(FerryServer ferry, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ferry.port() + path))
                .timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
