package io.ferry.http;

import com.sun.net.httpserver.HttpsServer;
import io.ferry.testing.TestCerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP/1.1 client against servers scripted byte by byte: keep-alive, framing, limits, redirects,
 * a server that closed an idle connection, proxies, deadlines.
 */
class Http11ClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /**
     * A server that answers each request (its head, and the body when it has a Content-Length) with
     * what {@code answer} gives for it and the connection's number (from 0); a null answer closes
     * the connection unanswered.
     */
    private final class Scripted implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Socket> open = new CopyOnWriteArrayList<>();

        Scripted(BiFunction<String, Integer, String> answer) throws IOException {
            toClose.add(this);
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        open.add(s);
                        int n = connections.getAndIncrement();
                        Thread.ofVirtual().start(() -> serve(s, n, answer));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, int connection, BiFunction<String, Integer, String> answer) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    String a = answer.apply(request, connection);
                    if (a == null) {
                        return;
                    }
                    out.write(a.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went
            }
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /** A request's head and body (by Content-Length), or null at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private Http11Client client(boolean followRedirects) {
        Http11Client c = Http11Client.direct(TIMEOUT, followRedirects);
        toClose.add(c);
        return c;
    }

    private static long deadline() {
        return System.nanoTime() + TIMEOUT.toNanos();
    }

    private static String text(ClientResponse r) {
        return new String(r.body(), 0, r.length(), StandardCharsets.ISO_8859_1);
    }

    private static ClientResponse get(Http11Client c, URI url) throws Exception {
        return c.send(ClientRequest.get(url), deadline(), s -> BodyLimit.failAbove(1 << 20, 16));
    }

    @Test
    void requestsGoOutAsHttp11AndKeepTheConnectionAlive() throws Exception {
        Scripted server = new Scripted((request, connection) -> ok("a 1\n"));
        Http11Client c = client(true);
        for (int i = 0; i < 3; i++) {
            ClientResponse r = c.send(ClientRequest.get(server.url("/metrics?x=1%202")).withHeader("Accept", "text/plain"),
                    deadline(), s -> BodyLimit.failAbove(1 << 20, 16));
            assertThat(r.status()).isEqualTo(200);
            assertThat(text(r)).isEqualTo("a 1\n");
        }
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests.getFirst()).isEqualTo("GET /metrics?x=1%202 HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.socket.getLocalPort() + "\r\nAccept: text/plain\r\n\r\n");
    }

    @Test
    void idleConnectionsOfOriginsNoLongerAskedAreClosedBySweep() throws Exception {
        Scripted gone = new Scripted((request, connection) -> ok("a 1\n"));
        Scripted kept = new Scripted((request, connection) -> ok("b 1\n"));
        Http11Client c = client(true);
        get(c, gone.url("/metrics"));
        long between = System.nanoTime();
        Thread.sleep(1);
        get(c, kept.url("/metrics"));
        assertThat(c.idleConnections()).isEqualTo(2);

        assertThat(c.closeIdleSince(between)).as("only the one idle since before").isEqualTo(1);
        assertThat(c.idleConnections()).isEqualTo(1);
        assertThat(text(get(c, kept.url("/metrics")))).isEqualTo("b 1\n");
        assertThat(kept.connections.get()).as("the recent one was kept and reused").isEqualTo(1);
        assertThat(text(get(c, gone.url("/metrics")))).isEqualTo("a 1\n");
        assertThat(gone.connections.get()).as("the old one was closed: a new one was opened").isEqualTo(2);
    }

    @Test
    void aPostCarriesItsBodyAndLength() throws Exception {
        Scripted server = new Scripted((request, connection) -> "HTTP/1.1 204 No Content\r\n\r\n");
        byte[] body = "snappy!xyz".getBytes(StandardCharsets.ISO_8859_1);
        ClientResponse r = client(true).send(ClientRequest.post(server.url("/write"), body, 7), deadline(),
                s -> BodyLimit.prefix(512));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.length()).isZero();
        assertThat(server.requests.getFirst()).startsWith("POST /write HTTP/1.1\r\n").contains("\r\nContent-Length: 7\r\n")
                .endsWith("\r\n\r\nsnappy!");
    }

    @Test
    void chunkedBodiesAndBodiesUntilTheServerCloses() throws Exception {
        Scripted chunked = new Scripted((request, connection) -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: text/plain\r\n\r\n4;ext=1\r\na 1\n\r\n5\r\nb 22\n\r\n0\r\nTrailer: x\r\n\r\n");
        Http11Client c = client(true);
        for (int i = 0; i < 2; i++) {
            ClientResponse r = get(c, chunked.url("/"));
            assertThat(text(r)).isEqualTo("a 1\nb 22\n");
            assertThat(r.header("content-type")).isEqualTo("text/plain");
        }
        assertThat(chunked.connections.get()).as("a chunked body read to its end keeps the connection").isEqualTo(1);

        // No length and Connection: close: the body ends when the server closes.
        ServerSocket eof = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        toClose.add(eof);
        Thread.ofVirtual().start(() -> {
            try (Socket s = eof.accept()) {
                readRequest(s.getInputStream());
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nd 4\ne 5\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // the test fails on the body instead
            }
        });
        assertThat(text(get(c, URI.create("http://127.0.0.1:" + eof.getLocalPort() + "/")))).isEqualTo("d 4\ne 5\n");
    }

    @Test
    void aBodyPastItsLimitFailsOrIsCutAndItsConnectionIsNotKept() throws Exception {
        Scripted announced = new Scripted((request, connection) -> ok("x".repeat(100)));
        Http11Client c = client(true);
        assertThatThrownBy(() -> c.send(ClientRequest.get(announced.url("/")), deadline(), s -> BodyLimit.failAbove(99, 16)))
                .isInstanceOf(LimitedBody.TooLarge.class).hasMessageContaining("99 bytes");
        ClientResponse exact = c.send(ClientRequest.get(announced.url("/")), deadline(), s -> BodyLimit.failAbove(100, 16));
        assertThat(exact.length()).isEqualTo(100);
        ClientResponse cut = c.send(ClientRequest.get(announced.url("/")), deadline(), s -> BodyLimit.prefix(10));
        assertThat(text(cut)).isEqualTo("x".repeat(10));
        get(c, announced.url("/"));
        assertThat(announced.connections.get()).as("the first and the cut body close their connections").isEqualTo(3);

        Scripted chunked = new Scripted((request, connection) -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "40\r\n" + "y".repeat(64) + "\r\n40\r\n" + "y".repeat(64) + "\r\n0\r\n\r\n");
        assertThatThrownBy(() -> c.send(ClientRequest.get(chunked.url("/")), deadline(), s -> BodyLimit.failAbove(127, 16)))
                .isInstanceOf(LimitedBody.TooLarge.class);
        assertThat(c.send(ClientRequest.get(chunked.url("/")), deadline(), s -> BodyLimit.failAbove(128, 16)).length())
                .isEqualTo(128);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsRetriedOnceOnANewOne() throws Exception {
        // Each connection answers one request, then closes without a word, as a server whose
        // keep-alive timeout ran out between two scrapes.
        java.util.Set<Integer> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Scripted server = new Scripted((request, connection) -> answered.add(connection) ? ok("a 1\n") : null);
        Http11Client c = client(true);
        assertThat(text(get(c, server.url("/")))).isEqualTo("a 1\n");
        assertThat(text(get(c, server.url("/")))).isEqualTo("a 1\n");
        assertThat(server.connections.get()).isEqualTo(2);
        // A new connection that fails is not retried.
        Scripted silent = new Scripted((request, connection) -> null);
        assertThatThrownBy(() -> get(c, silent.url("/"))).isInstanceOf(IOException.class)
                .hasMessageContaining("received no bytes");
        assertThat(silent.connections.get()).isEqualTo(1);
    }

    @Test
    void redirectsAreFollowedAsTheSettingsSay() throws Exception {
        Scripted server = new Scripted((request, connection) -> {
            if (request.startsWith("GET /old ")) {
                return "HTTP/1.1 302 Found\r\nLocation: /new\r\nContent-Length: 3\r\n\r\nbye";
            }
            if (request.startsWith("POST /see-other ")) {
                return "HTTP/1.1 303 See Other\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n";
            }
            if (request.startsWith("POST /temporary ")) {
                return "HTTP/1.1 307 Temporary Redirect\r\nLocation: /kept\r\nContent-Length: 0\r\n\r\n";
            }
            if (request.startsWith("GET /loop ")) {
                return "HTTP/1.1 301 Moved Permanently\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n";
            }
            return ok(request.substring(0, request.indexOf(' ', 5)));
        });
        Http11Client follows = client(true);
        assertThat(text(get(follows, server.url("/old")))).isEqualTo("GET /new");
        byte[] body = "abc".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(text(follows.send(ClientRequest.post(server.url("/see-other"), body, 3), deadline(), s -> BodyLimit.prefix(64))))
                .isEqualTo("GET /new");
        assertThat(text(follows.send(ClientRequest.post(server.url("/temporary"), body, 3), deadline(), s -> BodyLimit.prefix(64))))
                .isEqualTo("POST /kept");
        assertThat(server.requests.getLast()).endsWith("\r\n\r\nabc");
        assertThatThrownBy(() -> get(follows, server.url("/loop"))).hasMessage("stopped after 10 redirects");

        ClientResponse stays = get(client(false), server.url("/old"));
        assertThat(stays.status()).isEqualTo(302);
        assertThat(stays.header("Location")).isEqualTo("/new");
    }

    @Test
    void aSilentServerEndsAtTheDeadline() throws Exception {
        Scripted server = new Scripted((request, connection) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(true).send(ClientRequest.get(server.url("/")), System.nanoTime() + 300_000_000L,
                s -> BodyLimit.NONE)).isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aBodyTheServerNeverReadsEndsAtTheDeadline() throws Exception {
        ServerSocket deaf = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        toClose.add(deaf);
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                held.add(deaf.accept()); // accepted, never read: the client's write blocks once the buffers fill
            } catch (IOException e) {
                // the test ends
            }
        });
        toClose.add(() -> {
            for (Socket s : held) {
                s.close();
            }
        });
        byte[] body = new byte[64 << 20];
        URI url = URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/write");
        assertThatThrownBy(() -> client(true).send(ClientRequest.post(url, body, body.length), System.nanoTime() + 500_000_000L,
                s -> BodyLimit.prefix(512))).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void headerValuesAndMethodsCannotWriteFurtherHeaders() {
        ClientRequest r = ClientRequest.get(URI.create("http://127.0.0.1/"));
        assertThatThrownBy(() -> r.withHeader("X-Token", "a\r\nEvil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.withHeader("Bad Name", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientRequest.get(URI.create("ftp://127.0.0.1/"))).isInstanceOf(IllegalArgumentException.class);
        URI url = URI.create("http://127.0.0.1/");
        assertThatThrownBy(() -> new ClientRequest("GET / HTTP/1.1\r\nEvil: 1\r\n", url, List.of(), null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRequest("", url, List.of(), null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClientRequest("PROPFIND", url, List.of(), null, 0).method()).isEqualTo("PROPFIND");
    }

    /** An https target on this test's certificates that answers {@code up 1}; stopped after the test. */
    private HttpsServer httpsTarget(TestCerts certs) throws Exception {
        HttpsServer target = certs.httpsServer(false);
        target.createContext("/", x -> {
            byte[] b = "up 1\n".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        });
        target.start();
        toClose.add(() -> target.stop(0));
        return target;
    }

    /** A listening socket for a proxy this test plays; closed after the test. */
    private ServerSocket proxySocket() throws IOException {
        ServerSocket proxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        toClose.add(proxy);
        return proxy;
    }

    /** A client through the proxy at {@code proxyUrl}, trusting this test's CA; closed after the test. */
    private Http11Client throughProxy(TestCerts certs, String proxyUrl) throws Exception {
        TlsSettings tls = new TlsSettings(certs.ca, null, null, null, false, null);
        Http11Client c = new HttpClientFactory(new HttpClientSettings(null, null, tls, URI.create(proxyUrl), true), dir)
                .newHttp11Client(TIMEOUT);
        toClose.add(c);
        return c;
    }

    /** Takes one CONNECT on {@code proxy}, keeps its head in {@code asked}, then pipes bytes to and from {@code port}. */
    private static void tunnelOnce(ServerSocket proxy, int port, List<String> asked) {
        try (Socket in = proxy.accept(); Socket out = new Socket(InetAddress.getLoopbackAddress(), port)) {
            asked.add(readRequest(in.getInputStream()));
            in.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Thread pipe = Thread.ofVirtual().start(() -> {
                try {
                    out.getInputStream().transferTo(in.getOutputStream());
                } catch (IOException e) {
                    // one side closed
                }
            });
            in.getInputStream().transferTo(out.getOutputStream());
            pipe.join();
        } catch (IOException | InterruptedException e) {
            // the test fails on the answer instead
        }
    }

    @Test
    void httpsGoesThroughTheProxyInACONNECTTunnel() throws Exception {
        TestCerts certs = TestCerts.create(dir);
        HttpsServer target = httpsTarget(certs);
        List<String> asked = new CopyOnWriteArrayList<>();
        ServerSocket proxy = proxySocket();
        Thread.ofVirtual().start(() -> tunnelOnce(proxy, target.getAddress().getPort(), asked));
        Http11Client c = throughProxy(certs, "http://127.0.0.1:" + proxy.getLocalPort());
        URI url = URI.create("https://127.0.0.1:" + target.getAddress().getPort() + "/metrics");
        assertThat(text(get(c, url))).isEqualTo("up 1\n");
        assertThat(asked).singleElement().satisfies(r -> assertThat(r).startsWith(
                "CONNECT 127.0.0.1:" + target.getAddress().getPort() + " HTTP/1.1\r\n").doesNotContain("Proxy-Authorization"));
    }

    @Test
    void theProxysCredentialsFromItsUrlGoWithEachProxiedRequestAndEachConnect() throws Exception {
        TestCerts certs = TestCerts.create(dir);
        HttpsServer target = httpsTarget(certs);
        List<String> asked = new CopyOnWriteArrayList<>();
        ServerSocket proxy = proxySocket();
        Thread.ofVirtual().start(() -> {
            try (Socket plain = proxy.accept()) { // a plain http request, answered by the proxy itself
                asked.add(readRequest(plain.getInputStream()));
                plain.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nup 2\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return;
            }
            tunnelOnce(proxy, target.getAddress().getPort(), asked);
        });
        // A user with an escaped "@" and a password with a ":" of its own, as Go's URL parser reads them.
        Http11Client c = throughProxy(certs, "http://pro%40xy:s3:cr%2Ft@127.0.0.1:" + proxy.getLocalPort());
        String credentials = "Proxy-Authorization: Basic "
                + java.util.Base64.getEncoder().encodeToString("pro@xy:s3:cr/t".getBytes(StandardCharsets.UTF_8)) + "\r\n";

        assertThat(text(get(c, URI.create("http://target.invalid:9100/metrics")))).isEqualTo("up 2\n");
        URI url = URI.create("https://127.0.0.1:" + target.getAddress().getPort() + "/metrics");
        assertThat(text(get(c, url))).isEqualTo("up 1\n");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).startsWith("GET http://target.invalid:9100/metrics HTTP/1.1\r\n").contains(credentials);
        assertThat(asked.get(1)).startsWith("CONNECT 127.0.0.1:" + target.getAddress().getPort() + " HTTP/1.1\r\n")
                .contains(credentials);
    }
}
