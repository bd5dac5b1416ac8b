package io.ferry.server;

import io.ferry.config.ConfigException;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PUT} or {@code POST /-/reload} ({@code --web.enable-lifecycle}), as Prometheus answers it:
 * 200 with no body once the config is read again and applied, 500 {@code failed to reload config:}
 * with the reason when it is invalid or a remote_write in it cannot start (nothing changes then).
 */
final class ReloadHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Log.logger();
    private final ConfigReloader reloader;

    ReloadHandler(ConfigReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // Reading the file is blocking I/O: off the event loop.
        ctx.vertx().executeBlocking(reloader::reload, false)
                .onSuccess(result -> ctx.response().end())
                .onFailure(e -> {
                    if (!(e instanceof ConfigException)) {
                        LOG.error("failed to reload config", "err", e);
                    }
                    Plain.send(ctx, 500, "failed to reload config: " + e.getMessage() + "\n");
                });
    }
}
