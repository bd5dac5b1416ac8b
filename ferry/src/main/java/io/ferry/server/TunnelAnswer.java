package io.ferry.server;

import io.ferry.tunnel.proxy.ProxyMetrics;
import io.ferry.tunnel.proxy.Refusal;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BiConsumer;

/**
 * Answers of the tunnel's handlers in PushProx's shape: Go's {@code http.Error} (plain text, a
 * newline after the message, {@code nosniff}), and answers given later, from whichever thread
 * completed the tunnel's future, on the request's own context.
 */
final class TunnelAnswer {
    private TunnelAnswer() {
    }

    /** {@code message} as Go's {@code http.Error} sends it. */
    static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }

    /** A refusal: counted under {@code reason}, then answered as {@link #error}. */
    static void refuse(RoutingContext ctx, ProxyMetrics metrics, Refusal reason, int status, String message) {
        metrics.refused(reason);
        error(ctx, status, message);
    }

    /**
     * {@code answer} as a future's completion callback that runs on the request's context, from
     * whichever thread completes the future, unless the connection has closed meanwhile. Call on
     * the request's event loop, whose context it captures.
     */
    static <T> BiConsumer<T, Throwable> onContext(RoutingContext ctx, BiConsumer<T, Throwable> answer) {
        Context context = ctx.vertx().getOrCreateContext();
        return (value, error) -> context.runOnContext(v -> {
            if (!ctx.response().closed() && !ctx.response().ended()) {
                answer.accept(value, error);
            }
        });
    }

    /** At most 64 characters of {@code s}, for echoing what a client sent. */
    static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
