package io.ferry.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BooleanSupplier;

/**
 * {@code /-/ready}: 200 {@code OK} once Ferry has started, while the push store accepts writes, and
 * until it begins to shut down; 503 otherwise, so a load balancer stops sending traffic before the
 * listener closes or while pushes would fail.
 */
final class ReadyHandler implements Handler<RoutingContext> {
    private final BooleanSupplier ready;

    ReadyHandler(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public void handle(RoutingContext ctx) {
        boolean ok = ready.getAsBoolean();
        ctx.response()
                .setStatusCode(ok ? 200 : 503)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(ok ? "OK" : "Service Unavailable");
    }
}
