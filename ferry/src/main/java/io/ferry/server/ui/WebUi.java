package io.ferry.server.ui;

import io.ferry.liveness.ProducerView;
import io.ferry.liveness.Route;
import io.ferry.server.auth.Principal;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The web UI: a handler per {@link Page} and one for the jar's stylesheet and script. Pages are
 * rendered on a worker thread from {@link Sources}, with the {@link Layout#CSP} policy; a Delete
 * button is shown only to a principal who may delete that job. Thread-safe.
 *
 * <pre>{@code
 * WebUi ui = new WebUi(sources, web.externalPrefix());
 * for (Page page : Page.values()) {
 *     routes.get(prefix + page.path(), page.handlerName(), auth.read(), ui.page(page));
 * }
 * routes.get(prefix + "/static/*", "static", auth.read(), ui.assets());
 * }</pre>
 */
public final class WebUi {
    private final Sources sources;
    private final String links;
    private final Assets assets = Assets.load();

    /**
     * @param links the path prefix links carry: the external URL's path, without a trailing slash
     */
    public WebUi(Sources sources, String links) {
        this.sources = sources;
        this.links = links;
    }

    /** {@code GET} of {@code page}. */
    public Handler<RoutingContext> page(Page page) {
        return ctx -> {
            Query q = query(ctx);
            ctx.vertx().executeBlocking(() -> render(page, q), false)
                    .onSuccess(html -> ctx.response()
                            .putHeader("Content-Type", "text/html; charset=utf-8")
                            .putHeader("Content-Security-Policy", Layout.CSP)
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .putHeader("Cache-Control", "no-store")
                            .end(html))
                    .onFailure(ctx::fail);
        };
    }

    /** {@code GET <prefix>/static/<name>}: {@code ferry.css} and {@code ferry.js}, with an ETag; 404 for anything else. */
    public Handler<RoutingContext> assets() {
        return assets::handle;
    }

    /** The whole page. */
    String render(Page page, Query q) {
        return Layout.page(links, page, q, h -> form(page, h, q), h -> main(page, h, q));
    }

    private void form(Page page, Html h, Query q) {
        switch (page) {
            case OVERVIEW -> FleetPage.form(h, q);
            case TARGETS -> TargetsPage.form(h, q);
            default -> {
            }
        }
    }

    private void main(Page page, Html h, Query q) {
        switch (page) {
            case OVERVIEW -> FleetPage.main(h, sources.producers().get(), q);
            case GROUPS -> GroupsPage.main(h, sources.groups().get(), producers(Route.PUSH), sources.about().zone(), links, q);
            case TARGETS -> TargetsPage.main(h, sources.scrapes().get(), producers(Route.SCRAPE), q);
            case TUNNEL -> sources.tunnel().ifPresentOrElse(
                    clients -> RoutePages.tunnel(h, clients.get(), producers(Route.TUNNEL), q),
                    () -> Layout.off(h, "The tunnel", "tunnel.enabled: true", "docs/tunnel.md"));
            case STATSD -> {
                if (sources.statsd()) {
                    RoutePages.producers(h, "StatsD sources", producers(Route.STATSD), sources.own().get(), "ferry_statsd_", q);
                } else {
                    Layout.off(h, "StatsD", "statsd.listen_udp", "docs/statsd.md");
                }
            }
            case OTLP -> RoutePages.producers(h, "OTLP services", producers(Route.OTLP), sources.own().get(), "ferry_otlp_", q);
            case REMOTE_WRITE -> RemoteWritePage.main(h, sources.queues().get(), q);
            case CLUSTER -> ClusterPage.main(h, sources.cluster().get(), links);
            case STATUS -> StatusPage.main(h, sources.about(), links);
        }
    }

    private List<ProducerView> producers(Route route) {
        return sources.producers().get().stream().filter(p -> p.route() == route).toList();
    }

    private static Query query(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String name : params.names()) {
            map.put(name, new ArrayList<>(params.getAll(name)));
        }
        Principal who = Principal.of(ctx);
        Predicate<String> mayDelete = job -> who.mayAdmin() || who.mayDelete(job);
        return new Query(map, mayDelete, System.currentTimeMillis());
    }
}
