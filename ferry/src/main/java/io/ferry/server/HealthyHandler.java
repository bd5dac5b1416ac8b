package io.ferry.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code /-/healthy}: 200 {@code OK} whenever the process can answer at all (the Pushgateway's liveness probe). */
final class HealthyHandler implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("OK");
    }
}
