package io.ferry.server;

import io.ferry.config.WebLimits;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
    void http2ProbesWhoseClientsStayOpenHoldNoMoreThanTheProbeSlotsBeyondTheCap() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (FerryServer ferry = FerryServer.start(FrontDoor.config(storage, WebLimits.DEFAULTS.withMaxConnections(3)))) {
            for (int i = 0; i < 3; i++) {
                held.add(FrontDoor.connect(ferry.port()));
            }
            assertThat(eventually(Duration.ofSeconds(5), () -> open(ferry) == 3)).isTrue();
            // An answered HTTP/2 probe is left for its client to close; these clients never do.
            int probes = 3 * ConnectionGuard.PROBE_SLOTS;
            for (int i = 0; i < probes; i++) {
                Socket s = FrontDoor.connect(ferry.port());
                held.add(s);
                s.getOutputStream().write(H2C_HEALTHY);
                assertThat(h2Status200(s)).as("probe %d answered 200 over HTTP/2", i).isTrue();
            }
            assertThat(open(ferry)).as("the cap and the probe slots").isLessThanOrEqualTo(3 + ConnectionGuard.PROBE_SLOTS);
            // And each is closed after its linger.
            assertThat(eventually(Duration.ofSeconds(5), () -> open(ferry) == 3)).isTrue();
        } finally {
            FrontDoor.closeAll(held);
        }
    }

    /** HTTP/2 with prior knowledge: the preface, empty SETTINGS, and GET /-/healthy on stream 1. */
    private static final byte[] H2C_HEALTHY = h2cHealthy();

    private static byte[] h2cHealthy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // SETTINGS, none
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x82); // :method GET (static table 2)
        block.write(0x86); // :scheme http (6)
        literal(block, 4, "/-/healthy"); // :path, a literal without indexing
        literal(block, 1, "127.0.0.1"); // :authority
        byte[] headers = block.toByteArray();
        // HEADERS, END_STREAM | END_HEADERS, stream 1
        out.writeBytes(new byte[] {0, 0, (byte) headers.length, 1, 5, 0, 0, 0, 1});
        out.writeBytes(headers);
        return out.toByteArray();
    }

    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        block.write(nameIndex);
        block.write(value.length());
        block.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads frames until stream 1's HEADERS, and whether they begin with :status 200 (static table 8). */
    private static boolean h2Status200(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        for (int frames = 0; frames < 20; frames++) {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = in.readNBytes(length);
            if (type == 1 && stream == 1) {
                int at = (flags & 0x8) != 0 ? 1 : 0; // PADDED: the pad length first
                at += (flags & 0x20) != 0 ? 5 : 0; // PRIORITY: the dependency and weight
                return payload.length > at && (payload[at] & 0xff) == 0x88;
            }
        }
        return false;
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
