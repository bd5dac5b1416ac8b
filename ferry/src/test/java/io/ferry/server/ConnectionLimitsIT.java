package io.ferry.server;

import io.ferry.config.WebLimits;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ferry.server.FrontDoor.closedByServer;
import static io.ferry.server.FrontDoor.eventually;
import static io.ferry.server.FrontDoor.statusOnFreshConnection;
import static io.ferry.server.FrontDoor.value;
import static io.ferry.server.FrontDoor.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of idle and trickling connections against a low cap: the excess is refused at once and
 * counted, the admitted ones are cut by their timeouts, the probes answer throughout, and a push
 * works once the flood is over.
 */
class ConnectionLimitsIT {
    private static final int CAP = 200;
    private static final int BODY_TRICKLERS = 60;
    private static final int HEADER_TRICKLERS = 70;
    private static final int IDLE = CAP - BODY_TRICKLERS - HEADER_TRICKLERS;
    private static final int FLOOD = 1800;
    private static final WebLimits LIMITS = WebLimits.DEFAULTS.withMaxConnections(CAP)
            .withReadHeaderTimeout(Duration.ofSeconds(4)).withReadTimeout(Duration.ofSeconds(5))
            .withIdleTimeout(Duration.ofSeconds(2));

    @TempDir
    Path storage;

    @Test
    void aFloodOfIdleAndTricklingConnectionsIsRefusedAndCutWhileProbesAnswer() throws Exception {
        List<Socket> body = new ArrayList<>();
        List<Socket> headers = new ArrayList<>();
        List<Socket> all = new ArrayList<>();
        Thread trickle = null;
        try (FerryServer ferry = FerryServer.start(FrontDoor.config(storage, LIMITS))) {
            int port = ferry.port();
            for (int i = 0; i < BODY_TRICKLERS; i++) {
                Socket s = FrontDoor.connect(port);
                write(s, "PUT /metrics/job/trickle" + i + " HTTP/1.1\r\nHost: ferry\r\nContent-Length: 100000\r\n\r\nm 1\n");
                body.add(s);
            }
            for (int i = 0; i < HEADER_TRICKLERS; i++) {
                Socket s = FrontDoor.connect(port);
                write(s, "GET /-/healthy HTTP/1.1\r\nHost: ferry\r\nX-Slow: ");
                headers.add(s);
            }
            all.addAll(body);
            all.addAll(headers);
            for (int i = 0; i < IDLE + FLOOD; i++) {
                all.add(FrontDoor.connect(port));
            }
            trickle = Thread.ofVirtual().start(() -> {
                List<Socket> slow = new ArrayList<>(body);
                slow.addAll(headers);
                while (!Thread.currentThread().isInterrupted()) {
                    for (Socket s : slow) {
                        try {
                            write(s, "x");
                        } catch (IOException e) {
                            // cut by the server: what the test expects
                        }
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            // The excess is closed at once and counted; what stays open is the cap and the probe slots.
            assertThat(eventually(Duration.ofSeconds(10), () -> rejected(ferry) >= FLOOD - ConnectionGuard.PROBE_SLOTS))
                    .as("connections refused: %s", rejected(ferry)).isTrue();
            assertThat(eventually(Duration.ofSeconds(5), () -> open(ferry) <= CAP + ConnectionGuard.PROBE_SLOTS))
                    .as("connections open: %s", open(ferry)).isTrue();

            // The probes answer while the cap is full.
            assertThat(statusOnFreshConnection(port, "GET", "/-/healthy")).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusOnFreshConnection(port, "GET", "/-/ready")).isEqualTo("HTTP/1.1 200 OK");

            // The idle and trickling connections are cut by their timeouts, and counted by reason.
            assertThat(eventually(Duration.ofSeconds(20), () -> open(ferry) == 0))
                    .as("connections still open: %s", open(ferry)).isTrue();
            assertThat(value(ferry, "ferry_http_connections_timed_out_total", "reason", "read_timeout"))
                    .isGreaterThanOrEqualTo(BODY_TRICKLERS / 2.0);
            assertThat(value(ferry, "ferry_http_connections_timed_out_total", "reason", "read_header_timeout"))
                    .isGreaterThanOrEqualTo(HEADER_TRICKLERS / 2.0 + IDLE / 2.0);
            for (Socket s : body) {
                assertThat(closedByServer(s)).as("a trickling body is cut").isTrue();
            }
            for (Socket s : headers) {
                assertThat(closedByServer(s)).as("trickling headers are cut").isTrue();
            }
            trickle.interrupt();
            FrontDoor.closeAll(all);

            // After the flood, pushes work as before.
            TestHttp http = TestHttp.local(port);
            assertThat(http.send("PUT", "/metrics/job/after", "after_flood 1\n").statusCode()).isEqualTo(200);
            assertThat(http.get("/metrics").body())
                    .contains("after_flood{instance=\"\",job=\"after\"} 1\n")
                    .containsPattern("ferry_http_connections_rejected_total\\{reason=\"max_connections\"} \\d{4}");
        } finally {
            if (trickle != null) {
                trickle.interrupt();
            }
            FrontDoor.closeAll(all);
        }
    }

    @Test
    void atTheCapANewConnectionServesOnlyTheProbes() throws Exception {
        List<Socket> held = new ArrayList<>();
        WebLimits five = WebLimits.DEFAULTS.withMaxConnections(5);
        try (FerryServer ferry = FerryServer.start(FrontDoor.config(storage, five))) {
            for (int i = 0; i < 5; i++) {
                held.add(FrontDoor.connect(ferry.port()));
            }
            assertThat(eventually(Duration.ofSeconds(5), () -> open(ferry) == 5)).isTrue();
            assertThat(statusOnFreshConnection(ferry.port(), "GET", "/-/healthy")).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusOnFreshConnection(ferry.port(), "GET", "/-/ready")).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusOnFreshConnection(ferry.port(), "GET", "/metrics")).isEmpty();
            assertThat(statusOnFreshConnection(ferry.port(), "PUT", "/metrics/job/j")).isEmpty();
            assertThat(rejected(ferry)).isEqualTo(2);
            // A held connection closing frees its place.
            held.removeFirst().close();
            assertThat(eventually(Duration.ofSeconds(5), () -> open(ferry) == 4)).isTrue();
            assertThat(statusOnFreshConnection(ferry.port(), "GET", "/metrics")).isEqualTo("HTTP/1.1 200 OK");
        } finally {
            FrontDoor.closeAll(held);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedWhenItSendsNoRequestWithinTheIdleTimeout() throws Exception {
        try (FerryServer ferry = FerryServer.start(FrontDoor.config(storage, LIMITS));
             Socket s = FrontDoor.connect(ferry.port())) {
            write(s, "GET /-/healthy HTTP/1.1\r\nHost: ferry\r\n\r\n");
            assertThat(FrontDoor.readAvailable(s, Duration.ofMillis(500))).startsWith("HTTP/1.1 200 OK");
            assertThat(open(ferry)).isEqualTo(1);
            assertThat(eventually(Duration.ofSeconds(10), () -> open(ferry) == 0)).isTrue();
            assertThat(value(ferry, "ferry_http_connections_timed_out_total", "reason", "idle_timeout")).isEqualTo(1);
            assertThat(closedByServer(s)).isTrue();
        }
    }

    private static double open(FerryServer ferry) {
        return value(ferry, "ferry_http_connections_open", null, null);
    }

    private static double rejected(FerryServer ferry) {
        return value(ferry, "ferry_http_connections_rejected_total", "reason", "max_connections");
    }
}
