package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar ferry.jar tunnel-client} as a real process: its metrics, its refusals, a clean stop on SIGTERM. */
class TunnelClientProcessIT {
    private static final Pattern POLL_ERRORS = Pattern.compile("(?m)^pushprox_client_poll_errors_total (\\S+)$");

    @TempDir
    Path dir;

    @Test
    void aClientThatCannotReachItsProxyRetriesCountsAndStopsOnSigtermWithExitZero() throws Exception {
        int proxyPort = ExternalTool.freeLoopbackPort(); // nothing listens there
        try (ChildProcess client = FerryJar.start(dir, "tunnel-client", "--proxy-url", "http://127.0.0.1:" + proxyPort,
                "--fqdn", "gw", "--target", "http://127.0.0.1:9100/metrics", "--metrics-addr", "127.0.0.1:0",
                "--proxy.retry.initial-wait", "100ms", "--proxy.retry.max-wait", "200ms")) {
            client.awaitStderr(Pattern.compile("msg=\"poll failed, retrying\" fqdn=gw err=.* retry_in_ms=\\d+\\b"),
                    Duration.ofSeconds(30));
            TestHttp metrics = TestHttp.to(FerryJar.awaitServingMetrics(client, Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            double errors = 0;
            while (errors < 2 && System.nanoTime() < deadline) {
                // Any path serves the metrics, as PushProx's client serves them.
                Matcher m = POLL_ERRORS.matcher(metrics.get("/anything").body());
                errors = m.find() ? Double.parseDouble(m.group(1)) : 0;
                Thread.sleep(100);
            }
            assertThat(errors).as("poll errors counted while retrying").isGreaterThanOrEqualTo(2);
            String body = metrics.get("/metrics").body();
            assertThat(body).contains("ferry_tunnel_client_connected{fqdn=\"gw\"} 0",
                    "ferry_tunnel_client_scrapes_total{fqdn=\"gw\",result=\"refused\"} 0");

            client.signal("TERM");
            assertThat(client.awaitExit(Duration.ofSeconds(10))).as("exited within 10 s").isTrue();
            assertThat(client.exitValue()).as("exit status; stderr:\n%s", client.stderr()).isZero();
            assertThat(client.stderr()).contains("msg=\"shutting down\" signal=SIGTERM", "msg=\"stopped\"");
        }
    }

    @Test
    void withoutTargetsTheClientRefusesToStartUnlessAnyPortIsAllowed() throws Exception {
        try (ChildProcess client = FerryJar.start(dir, "tunnel-client", "--proxy-url", "http://127.0.0.1:9/",
                "--fqdn", "gw", "--metrics-addr", "")) {
            ChildProcess.Result r = client.finish(Duration.ofSeconds(30));
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.stderr()).contains("no --target given", "--allow-any-port");
        }
    }
}
