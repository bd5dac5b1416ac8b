package io.ferry.tunnel.client;

import io.ferry.http.AuthorizationHeader;
import io.ferry.http.ClientSettingsException;
import io.ferry.http.HttpClientFactory;
import io.ferry.http.HttpClientSettings;
import io.ferry.http.LimitedBody;
import io.ferry.telemetry.BuildInfo;
import io.ferry.tunnel.TunnelHeaders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The proxy as a tunnel client sees it: {@code POST <proxy-url>poll} and {@code POST <proxy-url>push}
 * over one {@link HttpClient} built by {@link HttpClientFactory} with the proxy's TLS settings, the
 * token file read again for each request (a rotated token needs no restart).
 *
 * <pre>{@code
 * ProxyEndpoint proxy = new ProxyEndpoint(options, baseDir);
 * ProxyEndpoint.Answer a = proxy.poll("gw");          // blocks until a scrape, a renewal or an error
 * int status = proxy.push(response.toWire(), deadlineNanos);
 * }</pre>
 *
 * <p>Thread-safe: every loop and scrape of a client shares one.
 */
final class ProxyEndpoint implements AutoCloseable {
    /** A poll's answer is one request: its lines are limited to 8 KiB and its headers to 100. */
    static final int MAX_POLL_ANSWER_BYTES = 1 << 20;
    /** How long past the renew time a poll may stay unanswered before it counts as cut. */
    static final Duration RENEW_GRACE = Duration.ofSeconds(30);

    private final URI poll;
    private final URI push;
    private final HttpClient client;
    private final HttpClientFactory factory;
    private final TunnelClientOptions options;
    private final String userAgent = "Ferry/" + BuildInfo.version();

    ProxyEndpoint(TunnelClientOptions options, Path baseDir) throws ClientSettingsException {
        this.options = options;
        this.poll = options.proxyUrl().resolve("poll");
        this.push = options.proxyUrl().resolve("push");
        AuthorizationHeader token = options.tokenFile() == null ? null
                : new AuthorizationHeader("Bearer", null, options.tokenFile());
        this.factory = new HttpClientFactory(new HttpClientSettings(null, token, options.tls(), null, false), baseDir);
        this.client = factory.newClient(Duration.ofSeconds(30));
    }

    /** A poll's answer: its status and body. */
    record Answer(int status, byte[] body, int length) {
    }

    /**
     * Polls for {@code fqdn}: the fqdn as the body with an empty {@code Content-Type}, as PushProx's
     * client sends it, and Ferry's optional headers. Waits at most the renew time and
     * {@link #RENEW_GRACE} when a renew time is set; with none, as long as the proxy holds the poll.
     *
     * @throws IOException when there is no answer, naming why; also when the token file cannot be read
     */
    Answer poll(String fqdn) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(poll)
                .POST(HttpRequest.BodyPublishers.ofString(fqdn, StandardCharsets.UTF_8))
                .header("Content-Type", "")
                .header("User-Agent", userAgent);
        if (!options.pollRenew().isZero()) {
            b.header(TunnelHeaders.POLL_RENEW_SECONDS, Long.toString(Math.max(1, options.pollRenew().toSeconds())));
            b.timeout(options.pollRenew().plus(RENEW_GRACE));
        }
        if (options.labels().header() != null) {
            b.header(TunnelHeaders.CLIENT_LABELS, options.labels().header());
        }
        String targets = options.allowList().declared(fqdn);
        if (targets != null) {
            b.header(TunnelHeaders.CLIENT_TARGETS, targets);
        }
        authorize(b);
        HttpResponse<LimitedBody> r = Exchanges.await(client.sendAsync(b.build(),
                LimitedBody.handler(MAX_POLL_ANSWER_BYTES, 4096, info -> true)), Long.MAX_VALUE);
        return new Answer(r.statusCode(), r.body().bytes(), r.body().length());
    }

    /**
     * Pushes one serialized response; returns the proxy's status.
     *
     * @throws IOException when there is no answer by {@code deadlineNanos}, naming why
     */
    int push(byte[] wire, long deadlineNanos) throws IOException, InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new IOException("the scrape's deadline passed before the push");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(push)
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire))
                .header("User-Agent", userAgent)
                .timeout(Duration.ofNanos(left));
        authorize(b);
        return Exchanges.await(client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding()), deadlineNanos).statusCode();
    }

    private void authorize(HttpRequest.Builder b) throws TokenUnreadable {
        String authorization;
        try {
            authorization = factory.authorization();
        } catch (IOException e) {
            throw new TokenUnreadable(e.getMessage(), e);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
    }

    /** The token file could not be read: nothing was sent. */
    static final class TokenUnreadable extends IOException {
        TokenUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
