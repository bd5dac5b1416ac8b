package io.ferry.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

/**
 * The tests' HTTP client, bound to one server: the JDK's client with every request bounded (5 s to
 * connect, 10 s for the answer). Plain HTTP/1.1 by default, which every server speaks; HTTP/2 by
 * upgrade, or https with a given context, where a test is about those.
 *
 * <pre>{@code
 * TestHttp http = TestHttp.local(ferry.port());
 * assertThat(http.send("PUT", "/metrics/job/j", "m 1\n").statusCode()).isEqualTo(200);
 * assertThat(http.metrics()).contains("m{instance=\"\",job=\"j\"} 1");
 * }</pre>
 *
 * <p>Thread-safe. {@link #close} releases a client of its own (an https or HTTP/2 one); the plain
 * client is shared by all and never closed.
 */
public final class TestHttp implements AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient PLAIN = builder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpClient client;
    private final boolean ownClient;
    private final String base;

    private TestHttp(HttpClient client, boolean ownClient, String base) {
        this.client = client;
        this.ownClient = ownClient;
        this.base = base;
    }

    /** Plain HTTP/1.1 to {@code base}, such as {@code http://127.0.0.1:9091} (no trailing slash). */
    public static TestHttp to(String base) {
        return new TestHttp(PLAIN, false, base);
    }

    /** Plain HTTP/1.1 to {@code http://127.0.0.1:port}. */
    public static TestHttp local(int port) {
        return to("http://127.0.0.1:" + port);
    }

    /**
     * Plain HTTP/1.1 to {@code base} through the HTTP proxy at {@code proxy} ({@code host:port}): each
     * request goes to the proxy in absolute form ({@code GET http://host:port/path HTTP/1.1}), as
     * Prometheus sends it with {@code proxy_url}.
     */
    public static TestHttp viaProxy(String proxy, String base) {
        int colon = proxy.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(proxy.substring(0, colon),
                Integer.parseInt(proxy.substring(colon + 1)));
        return new TestHttp(builder().version(HttpClient.Version.HTTP_1_1).proxy(ProxySelector.of(address)).build(),
                true, base);
    }

    /** HTTP/2 to {@code http://127.0.0.1:port}, by the upgrade from HTTP/1.1 (h2c). */
    public static TestHttp h2c(int port) {
        return new TestHttp(builder().version(HttpClient.Version.HTTP_2).build(), true, "http://127.0.0.1:" + port);
    }

    /**
     * {@code https://127.0.0.1:port} with {@code tls}, offering HTTP/2 and HTTP/1.1; limited to the
     * given TLS {@code protocols} (such as {@code TLSv1.2}) where any are given.
     */
    public static TestHttp https(int port, SSLContext tls, String... protocols) {
        HttpClient.Builder b = builder().sslContext(tls);
        if (protocols.length > 0) {
            b.sslParameters(new SSLParameters(null, protocols));
        }
        return new TestHttp(b.build(), true, "https://127.0.0.1:" + port);
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    }

    /** The server's address this client is bound to, without a trailing slash. */
    public String base() {
        return base;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** A request for {@code path} with the request timeout, to finish and {@link #send}. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT);
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return client.send(request, body);
    }

    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        return client.sendAsync(request, body);
    }

    /** One request; {@code body} null sends none; {@code headers} are name, value pairs. */
    public HttpResponse<byte[]> sendBytes(String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        return send(request(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body), headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** One request with a text body and answer; {@code body} null sends none. */
    public HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        return send(request(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder b = request(path).method(method, body);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b.build();
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    public HttpResponse<byte[]> getBytes(String path, String... headers) throws IOException, InterruptedException {
        return sendBytes("GET", path, null, headers);
    }

    /** The status of a request without a body. */
    public int status(String method, String path) throws IOException, InterruptedException {
        return send(method, path, null).statusCode();
    }

    /** {@code GET /metrics} as text, failing the test on anything but 200. */
    public String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + base + "/metrics: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A body as UTF-8 text. */
    public static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A gzipped body unzipped. */
    public static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        if (ownClient) {
            client.close();
        }
    }
}
