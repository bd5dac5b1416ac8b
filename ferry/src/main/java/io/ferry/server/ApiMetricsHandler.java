package io.ferry.server;

import io.ferry.push.ApiJson;
import io.ferry.state.Group;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.time.ZoneId;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/metrics}: every group with its families, in the Pushgateway's JSON. Rendering
 * costs in proportion to what is stored, so it runs on a worker thread.
 */
final class ApiMetricsHandler implements Handler<RoutingContext> {
    private final Supplier<Collection<Group>> groups;
    private final ZoneId zone;

    ApiMetricsHandler(Supplier<Collection<Group>> groups, ZoneId zone) {
        this.groups = groups;
        this.zone = zone;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.vertx().executeBlocking(() -> ApiJson.metrics(groups.get(), zone), false)
                .onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(body)))
                .onFailure(ctx::fail);
    }
}
