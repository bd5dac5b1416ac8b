package io.ferry.compat;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.PushConfig;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.server.FerryServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/** Ferry in-process for the compatibility tests, and the plain HTTP they speak to every server. */
final class Servers {
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private Servers() {
    }

    /** Ferry on a free loopback port, storing under {@code storage}; close it when done. */
    static FerryServer ferry(Path storage, boolean consistencyCheck) throws IOException {
        return FerryServer.start(new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")),
                new StorageConfig(storage), FerryConfig.DEFAULTS.log(), PushConfig.DEFAULTS.withConsistencyCheck(consistencyCheck)));
    }

    static FerryServer ferry(Path storage) throws IOException {
        return ferry(storage, true);
    }

    /** {@code http://127.0.0.1:<port>}. */
    static String base(FerryServer ferry) {
        return "http://127.0.0.1:" + ferry.port();
    }

    /**
     * Sends one request; {@code body} null sends none. {@code headers} are name, value pairs.
     */
    static HttpResponse<byte[]> send(String base, String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code GET /metrics} as text, failing on anything but 200. */
    static String metrics(String base) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = send(base, "GET", "/metrics", null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + base + "/metrics: " + r.statusCode() + " " + text(r.body()));
        }
        return text(r.body());
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
