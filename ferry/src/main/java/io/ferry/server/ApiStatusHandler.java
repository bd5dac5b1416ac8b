package io.ferry.server;

import io.ferry.push.ApiJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/status}: flags, start time and build, in the Pushgateway's JSON. */
final class ApiStatusHandler implements Handler<RoutingContext> {
    private final StatusInfo info;

    ApiStatusHandler(StatusInfo info) {
        this.info = info;
    }

    @Override
    public void handle(RoutingContext ctx) {
        byte[] body = ApiJson.status(info.flags().get(), info.startTime(), info.buildInformation(), info.zone());
        ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
    }
}
