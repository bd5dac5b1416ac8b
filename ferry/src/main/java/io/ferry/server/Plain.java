package io.ferry.server;

import io.vertx.ext.web.RoutingContext;

/** Plain-text answers in the Pushgateway's shape. */
final class Plain {
    private Plain() {
    }

    /** {@code body} as {@code text/plain; charset=utf-8} with {@code status}, exactly as given. */
    static void send(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(body);
    }

    /** A fixed answer, for routes that only ever say one thing. */
    static io.vertx.core.Handler<RoutingContext> answer(int status, String body) {
        return ctx -> send(ctx, status, body);
    }
}
