package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.config.ListenAddress;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.ServerProcess;
import io.ferry.testing.TestHttp;
import io.ferry.tunnel.client.AllowList;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.client.TunnelClientService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.ferry.server.FrontDoor.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tunnel client polling Ferry's proxy through nginx (Debian's {@code nginx-light}), whose
 * {@code proxy_read_timeout} cuts idle polls as load balancers do (60 s in the field, 3 s here):
 * with a renew time below it the polls are answered 204 in time and never cut; without one
 * (PushProx's behaviour) nginx answers its HTML 504, which the client counts as a failed poll and
 * retries after a backoff (PushProx's #57), rather than reading it as a request.
 */
class TunnelClientNginxIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private FerryServer central;
    private ServerProcess nginx;
    private TunnelClientService client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (central != null) {
            central.close();
        }
    }

    private void startBehindNginx() throws Exception {
        Path nginxBinary = ExternalTool.require("/usr/sbin/nginx", "nginx-light");
        Path file = Files.writeString(dir.resolve("ferry.yml"), "tunnel: {enabled: true}\n");
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null, null, null);
        ConfigSource source = ConfigSource.of(file, flags::applyTo);
        central = FerryServer.start(source.load(), source);
        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        nginx = ServerProcess.start("nginx", port -> {
            Path conf = prefix.resolve("nginx-" + port + ".conf");
            try {
                Files.writeString(conf, """
                        daemon off;
                        pid %1$s/nginx.pid;
                        error_log %1$s/error.log;
                        events {}
                        http {
                            access_log off;
                            client_body_temp_path %1$s/body;
                            proxy_temp_path %1$s/proxy;
                            server {
                                listen 127.0.0.1:%2$d;
                                location / {
                                    proxy_pass http://127.0.0.1:%3$d;
                                    proxy_http_version 1.1;
                                    proxy_read_timeout 3s;
                                }
                            }
                        }
                        """.formatted(prefix, port, central.port()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of(nginxBinary.toString(), "-e", prefix.resolve("error.log").toString(), "-p", prefix.toString(),
                    "-c", conf.toString());
        }, "/-/healthy");
    }

    private DefaultRegistry startClient(Duration renew) throws Exception {
        DefaultRegistry registry = new DefaultRegistry();
        client = TunnelClientService.start(TunnelClientOptions.of(URI.create(nginx.baseUrl() + "/"), List.of("gw"),
                        new AllowList(List.of(), true)).withPollRenew(renew)
                .withRetry(Duration.ofMillis(200), Duration.ofMillis(500)), dir, registry);
        return registry;
    }

    private static double value(DefaultRegistry registry, String name, String reason) {
        double sum = 0;
        for (MetricFamily f : registry.collect()) {
            if (f.name().equals(name)) {
                sum += f.metrics().stream().filter(m -> reason == null || reason.equals(m.labels().get("reason")))
                        .mapToDouble(m -> ((ValueMetric) m).value()).sum();
            }
        }
        return sum;
    }

    @Test
    void aRenewTimeBelowTheIdleTimeoutKeepsEveryPollWhole() throws Exception {
        startBehindNginx();
        DefaultRegistry registry = startClient(Duration.ofSeconds(1));
        // Three of nginx's idle timeouts pass: the polls are renewed, none is cut.
        assertThat(eventually(WAIT, () -> value(registry, "ferry_tunnel_client_poll_renewals_total", null) >= 9)).isTrue();
        assertThat(value(registry, "pushprox_client_poll_errors_total", null)).isZero();
        assertThat(TestHttp.local(central.port()).get("/clients").body()).contains("\"gw\"");
    }

    @Test
    void withoutARenewTimeNginxsHtml504IsAFailedPollRetriedNotARequest() throws Exception {
        startBehindNginx();
        DefaultRegistry registry = startClient(Duration.ZERO);
        assertThat(eventually(WAIT, () -> value(registry, "ferry_tunnel_client_poll_failures_total", "status") >= 1)).isTrue();
        assertThat(value(registry, "ferry_tunnel_client_poll_failures_total", "bad_answer")).isZero();
    }
}
