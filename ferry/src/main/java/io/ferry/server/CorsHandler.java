package io.ferry.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Every request under {@code /api/v1}: the Pushgateway's CORS headers on the response, whatever
 * answers it, and {@code OPTIONS} answered 200 with no body. The methods allowed are the reads
 * only: the Pushgateway lists {@code POST} and {@code DELETE} too, having no such route, while
 * Ferry's {@code DELETE /api/v1/groups} would let any web page an operator opens delete an open
 * Ferry's groups.
 */
final class CorsHandler implements Handler<RoutingContext> {
    private final Handler<RoutingContext> options;

    /** @param options answers {@code OPTIONS} (instrumented by the route table) */
    CorsHandler(Handler<RoutingContext> options) {
        this.options = options;
    }

    /** The answer to {@code OPTIONS}: the headers only. */
    static void options(RoutingContext ctx) {
        ctx.response().end();
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().headers()
                .set("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
                .set("Access-Control-Allow-Methods", "GET, OPTIONS")
                .set("Access-Control-Allow-Origin", "*")
                .set("Access-Control-Expose-Headers", "Date")
                .set("Cache-Control", "no-cache, no-store, must-revalidate");
        if (ctx.request().method().equals(HttpMethod.OPTIONS)) {
            options.handle(ctx);
        } else {
            ctx.next();
        }
    }
}
