package io.ferry.server;

import io.ferry.server.auth.Principal;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.TunnelHeaders;
import io.ferry.tunnel.TunnelWireException;
import io.ferry.tunnel.proxy.ProxyMetrics;
import io.ferry.tunnel.proxy.Refusal;
import io.ferry.tunnel.proxy.TunnelProxy;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /push}: a tunnel client hands back the response of a scrape, the whole HTTP response as
 * the body, with the scrape's {@code Id} among its headers. Answers 200 empty when a scrape took it;
 * 400 when the body is not an HTTP response or has no {@code Id}, 404 when no scrape waits for the
 * Id, 403 when the scrape was handed to another client, 413 when the response is larger than
 * {@code tunnel.max_response_bytes}. The body is read by {@link RawBody} first.
 */
final class TunnelPushHandler implements Handler<RoutingContext> {
    private final TunnelProxy proxy;
    private final ProxyMetrics metrics;

    TunnelPushHandler(TunnelProxy proxy) {
        this.proxy = proxy;
        this.metrics = proxy.metrics();
    }

    @Override
    public void handle(RoutingContext ctx) {
        byte[] body = RawBody.of(ctx);
        long max = proxy.options().maxResponseBytes();
        RelayedResponse response;
        try {
            response = RelayedResponse.parse(body, 0, body.length, max);
        } catch (TunnelWireException e) {
            if (e.tooLarge()) {
                TunnelAnswer.refuse(ctx, metrics, Refusal.TOO_LARGE, 413, "Error pushing: the response's "
                        + e.getMessage() + " (tunnel.max_response_bytes)");
            } else {
                TunnelAnswer.refuse(ctx, metrics, Refusal.BAD_PUSH, 400,
                        "Error pushing: not an HTTP response: " + e.getMessage());
            }
            return;
        }
        String id = response.header(TunnelHeaders.ID).orElse("");
        if (id.isBlank()) {
            TunnelAnswer.refuse(ctx, metrics, Refusal.BAD_PUSH, 400, "Error pushing: the response has no Id header");
            return;
        }
        switch (proxy.push(id, response, Principal.of(ctx).owner())) {
            case DELIVERED -> ctx.response().setStatusCode(200).end();
            case UNKNOWN_ID -> TunnelAnswer.error(ctx, 404, "Error pushing: no scrape waits for Id \""
                    + TunnelAnswer.clip(id) + "\" (never issued, already answered, or timed out)");
            case WRONG_CLIENT -> TunnelAnswer.error(ctx, 403, "Error pushing: the scrape with Id \""
                    + TunnelAnswer.clip(id) + "\" was handed to another client");
        }
    }
}
