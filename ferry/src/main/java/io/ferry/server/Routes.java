package io.ferry.server;

import io.ferry.telemetry.Registry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BooleanSupplier;

/**
 * Every HTTP route Ferry serves, in one place: read {@link #create} to know the whole HTTP surface.
 * Each route has a handler name, which labels its {@code ferry_http_*} metrics.
 */
final class Routes {
    private Routes() {
    }

    static Router create(Vertx vertx, Registry registry, BooleanSupplier ready) {
        Router router = Router.router(vertx);
        Table routes = new Table(router, new HttpMetrics(registry));

        // Probes, as the Pushgateway answers them.
        routes.getOrHead("/-/healthy", "healthy", new HealthyHandler());
        routes.getOrHead("/-/ready", "ready", new ReadyHandler(ready));

        // Ferry's own metrics, in the format the scraper asks for.
        routes.get("/metrics", "metrics", new MetricsHandler(vertx, registry));

        // Failures and unmatched paths answer in plain text, as the Pushgateway does, not Vert.x's HTML.
        FailureHandler failure = new FailureHandler();
        router.route().failureHandler(failure);
        router.errorHandler(404, failure);
        router.errorHandler(405, failure);
        return router;
    }

    /** Registers routes with their metrics, so the table above stays one line per route. */
    private record Table(Router router, HttpMetrics metrics) {

        void get(String path, String name, Handler<RoutingContext> handler) {
            router.get(path).handler(metrics.instrument(name, handler));
        }

        void getOrHead(String path, String name, Handler<RoutingContext> handler) {
            router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(metrics.instrument(name, handler));
        }
    }
}
