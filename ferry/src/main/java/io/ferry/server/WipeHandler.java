package io.ferry.server;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.push.PushService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PUT /api/v1/admin/wipe} ({@code --web.enable-admin-api}): deletes every group through the
 * store, like a delete, so the wipe is durable, and answers 202 once it is. The Pushgateway answers
 * first and deletes group by group afterwards; Ferry's wipe is one atomic change.
 */
final class WipeHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Log.logger();

    private final PushService push;

    WipeHandler(PushService push) {
        this.push = push;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Future.fromCompletionStage(push.wipe(), ctx.vertx().getOrCreateContext())
                .onSuccess(v -> {
                    LOG.info("every group wiped through the admin API");
                    ctx.response().setStatusCode(202).end();
                })
                .onFailure(ctx::fail);
    }
}
