package io.ferry.server;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.vertx.core.Handler;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a failed request with its status and a plain-text reason, as Go's {@code http.Error} writes
 * it (the Pushgateway's router: {@code 404 page not found}, else the status text, and a newline), and
 * logs server errors (5xx) with their cause; client errors are the client's business and are not logged
 * (a body that could not be read is answered, counted and logged at debug by {@link ClientMistakes}).
 */
final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Log.logger();

    private final ClientMistakes mistakes;

    FailureHandler(ClientMistakes mistakes) {
        this.mistakes = mistakes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (mistakes.answerBodyFailure(ctx)) {
            return;
        }
        int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (code >= 500) {
            Throwable failure = ctx.failure();
            LOG.error("request failed", "method", ctx.request().method().name(), "path", ctx.request().path(),
                    "code", code, "err", failure == null ? "" : failure);
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response()
                .setStatusCode(code)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(text(code));
    }

    static String text(int code) {
        return (code == 404 ? "404 page not found" : HttpResponseStatus.valueOf(code).reasonPhrase()) + "\n";
    }
}
