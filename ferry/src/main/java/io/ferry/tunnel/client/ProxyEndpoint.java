package io.ferry.tunnel.client;

import io.ferry.http.AuthorizationHeader;
import io.ferry.http.BodyLimit;
import io.ferry.http.ClientRequest;
import io.ferry.http.ClientResponse;
import io.ferry.http.ClientSettingsException;
import io.ferry.http.Http11Client;
import io.ferry.http.HttpClientFactory;
import io.ferry.http.HttpClientSettings;
import io.ferry.telemetry.BuildInfo;
import io.ferry.tunnel.TunnelHeaders;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The proxy as a tunnel client sees it: {@code POST <proxy-url>poll} and {@code POST <proxy-url>push}
 * over one {@link Http11Client} built by {@link HttpClientFactory} with the proxy's TLS settings, the
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
    /**
     * How long a poll without a renew time (held until a scrape comes, as PushProx's proxy holds it)
     * waits before it is sent again: a connection that died without a word is found within it.
     */
    static final Duration HELD_POLL_LIMIT = Duration.ofHours(1);
    /** The proxy's answer to a push is a status; a short body is read so that the connection is kept. */
    private static final int PUSH_ANSWER_BYTES = 4096;

    private final URI poll;
    private final URI push;
    private final Http11Client client;
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
        this.client = factory.newHttp11Client(Duration.ofSeconds(30));
    }

    /** A poll's answer: its status and body. */
    record Answer(int status, byte[] body, int length) {
    }

    /**
     * Polls for {@code fqdn}: the fqdn as the body with an empty {@code Content-Type}, as PushProx's
     * client sends it, and Ferry's optional headers. Waits at most the renew time and
     * {@link #RENEW_GRACE} when a renew time is set; with none, {@link #HELD_POLL_LIMIT}.
     *
     * @throws IOException when there is no answer, naming why; also when the token file cannot be read
     */
    Answer poll(String fqdn) throws IOException, InterruptedException {
        byte[] body = fqdn.getBytes(StandardCharsets.UTF_8);
        ClientRequest r = ClientRequest.post(poll, body, body.length)
                .withHeader("Content-Type", "")
                .withHeader("User-Agent", userAgent);
        Duration wait = HELD_POLL_LIMIT;
        if (!options.pollRenew().isZero()) {
            r = r.withHeader(TunnelHeaders.POLL_RENEW_SECONDS, Long.toString(Math.max(1, options.pollRenew().toSeconds())));
            wait = options.pollRenew().plus(RENEW_GRACE);
        }
        if (options.labels().header() != null) {
            r = r.withHeader(TunnelHeaders.CLIENT_LABELS, options.labels().header());
        }
        String targets = options.allowList().declared(fqdn);
        if (targets != null) {
            r = r.withHeader(TunnelHeaders.CLIENT_TARGETS, targets);
        }
        ClientResponse a = Exchanges.send(client, authorized(r), System.nanoTime() + wait.toNanos(),
                BodyLimit.failAbove(MAX_POLL_ANSWER_BYTES, 4096));
        return new Answer(a.status(), a.body(), a.length());
    }

    /**
     * Pushes one serialized response; returns the proxy's status.
     *
     * @throws IOException when there is no answer by {@code deadlineNanos}, naming why
     */
    int push(byte[] wire, long deadlineNanos) throws IOException, InterruptedException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            throw new IOException("the scrape's deadline passed before the push");
        }
        ClientRequest r = ClientRequest.post(push, wire, wire.length).withHeader("User-Agent", userAgent);
        return Exchanges.send(client, authorized(r), deadlineNanos, BodyLimit.prefix(PUSH_ANSWER_BYTES)).status();
    }

    private ClientRequest authorized(ClientRequest r) throws TokenUnreadable {
        String authorization;
        try {
            authorization = factory.authorization();
        } catch (IOException e) {
            throw new TokenUnreadable(e.getMessage(), e);
        }
        return authorization == null ? r : r.withHeader("Authorization", authorization);
    }

    /** The token file could not be read, or its token cannot be sent: nothing was sent. */
    static final class TokenUnreadable extends IOException {
        TokenUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
