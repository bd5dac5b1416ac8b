package io.ferry.server;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/cluster}: this member's part in the cluster ({@link ClusterStatus}). Asking
 * Kafka for the group's members blocks, so it runs on a worker thread.
 */
final class ApiClusterHandler implements Handler<RoutingContext> {
    private final ClusterStatus status;

    ApiClusterHandler(ClusterStatus status) {
        this.status = status;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.vertx().executeBlocking(status::render, false)
                .onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(body)))
                .onFailure(ctx::fail);
    }
}
