package io.ferry.server;

import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelHeaders;
import io.ferry.tunnel.proxy.ProxyMetrics;
import io.ferry.tunnel.proxy.Refusal;
import io.ferry.tunnel.proxy.TunnelProxy;
import io.ferry.tunnel.proxy.TunnelScrapeException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A scrape through the tunnel proxy: Prometheus' absolute-form request
 * ({@code GET http://fqdn:9100/metrics HTTP/1.1}, from {@code proxy_url}), handed to the client
 * polling for {@code fqdn}; the status, headers and body it pushes back are copied to the answer,
 * as PushProx's {@code copyHTTPResponse} does. Without an answer in time: 500
 * {@code Error scraping "<url>": timeout reached for "<url>": context deadline exceeded}.
 *
 * <p>Every request header goes to the client but {@code Proxy-Authorization} (the proxy's own
 * credentials), {@code Host} (written from the URL) and the hop-by-hop ones, those a
 * {@code Connection} header names included; the same hop-by-hop headers of a pushed response
 * ({@code Proxy-Authenticate} among them) stay with the client.
 */
final class TunnelProxyHandler implements Handler<RoutingContext> {
    /** Headers of one connection, not of the exchange: never relayed either way. */
    private static final String[] HOP_BY_HOP = {"Connection", "Proxy-Connection", "Keep-Alive", "TE", "Trailer",
            "Transfer-Encoding", "Upgrade", "Content-Length", "Host", TunnelHeaders.PROXY_AUTHORIZATION,
            "Proxy-Authenticate"};

    private final TunnelProxy proxy;
    private final ConnectionGuard connections;
    private final ProxyMetrics metrics;

    TunnelProxyHandler(TunnelProxy proxy, ConnectionGuard connections) {
        this.proxy = proxy;
        this.connections = connections;
        this.metrics = proxy.metrics();
    }

    /** Whether {@code request} is a proxy request: its target is an absolute {@code http(s)} URL. */
    static boolean isProxyRequest(HttpServerRequest request) {
        String uri = request.uri();
        return uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ScrapeRequest scrape;
        try {
            scrape = new ScrapeRequest(request.method().name(), new URI(request.uri()), relayed(request.headers()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            TunnelAnswer.refuse(ctx, metrics, Refusal.BAD_PUSH, 400, "Error scraping \""
                    + TunnelAnswer.clip(request.uri()) + "\": the URL cannot be relayed: " + e.getMessage());
            return;
        }
        if (!TunnelAnswer.hold(ctx, connections, metrics, "Error scraping \"" + scrape.url() + "\"")) {
            return;
        }
        if (proxy.client(scrape.hostname()).isEmpty() && !connections.tryHoldForNobody(ctx)) {
            TunnelAnswer.refuse(ctx, metrics, Refusal.TOO_MANY_HELD, 503, "Error scraping \"" + scrape.url() + "\": "
                    + connections.maxHeldForNobody() + " scrapes already wait for hosts no tunnel client has registered, "
                    + "the most this listener holds (a quarter of its waiting tunnel requests)");
            return;
        }
        CompletableFuture<RelayedResponse> result = proxy.scrape(scrape,
                proxy.options().scrapeTimeout(request.getHeader(TunnelHeaders.SCRAPE_TIMEOUT_SECONDS)));
        ctx.response().closeHandler(v -> result.cancel(false));
        result.whenComplete(TunnelAnswer.onContext(ctx, (response, error) -> {
            if (response != null) {
                copy(response, ctx.response());
            } else if (error instanceof TunnelScrapeException e) {
                TunnelAnswer.error(ctx, 500, "Error scraping \"" + scrape.url() + "\": " + e.getMessage());
            }
        }));
    }

    private static HeaderFields relayed(MultiMap headers) {
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        Set<String> nominated = nominated(headers.getAll("Connection"));
        for (Map.Entry<String, String> h : headers) {
            if (!hopByHop(h.getKey(), nominated)) {
                out.add(Map.entry(h.getKey(), h.getValue()));
            }
        }
        return HeaderFields.of(out);
    }

    /** The header names a {@code Connection} header lists: of this hop only (RFC 9110, 7.6.1). */
    private static Set<String> nominated(List<String> connection) {
        Set<String> names = new HashSet<>();
        for (String value : connection) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    names.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    private static void copy(RelayedResponse from, HttpServerResponse to) {
        to.setStatusCode(from.status());
        if (!from.reason().isEmpty()) {
            to.setStatusMessage(from.reason());
        }
        Set<String> nominated = nominated(from.headers().all("Connection"));
        for (Map.Entry<String, String> h : from.headers().entries()) {
            if (!hopByHop(h.getKey(), nominated)) {
                to.headers().add(h.getKey(), h.getValue());
            }
        }
        to.end(Buffer.buffer(from.body()));
    }

    private static boolean hopByHop(String name, Set<String> nominated) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (nominated.contains(lower)) {
            return true;
        }
        for (String h : HOP_BY_HOP) {
            if (h.toLowerCase(Locale.ROOT).equals(lower)) {
                return true;
            }
        }
        return false;
    }
}
