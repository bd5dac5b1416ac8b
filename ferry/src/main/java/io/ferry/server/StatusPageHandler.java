package io.ferry.server;

import io.ferry.state.Group;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.function.Supplier;

/** {@code GET <prefix>/} and {@code <prefix>/status}: the {@link StatusPage}, rendered on a worker thread. */
final class StatusPageHandler implements Handler<RoutingContext> {
    private final Supplier<Collection<Group>> groups;
    private final StatusInfo info;
    private final String links;
    private final String scrape;

    /**
     * @param links  the path prefix the page's links carry
     * @param scrape the telemetry path, relative to the prefix
     */
    StatusPageHandler(Supplier<Collection<Group>> groups, StatusInfo info, String links, String scrape) {
        this.groups = groups;
        this.info = info;
        this.links = links;
        this.scrape = scrape;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.vertx().executeBlocking(() -> StatusPage.render(groups.get(), info, links, scrape), false)
                .onSuccess(html -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html))
                .onFailure(ctx::fail);
    }
}
