package io.ferry.server;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
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

    /**
     * A refusal sent before the request body was read: on HTTP/1.1 the connection then closes, since
     * the unread rest of the body would be taken for the next request; on HTTP/2 only the stream ends.
     */
    static void refuseUnread(RoutingContext ctx, int status, String body) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        send(ctx, status, body);
    }

    /** A fixed answer, for routes that only ever say one thing. */
    static io.vertx.core.Handler<RoutingContext> answer(int status, String body) {
        return ctx -> send(ctx, status, body);
    }
}
