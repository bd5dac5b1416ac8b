package io.ferry.server;

import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Histogram;
import io.ferry.telemetry.Registry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and times every routed request by handler name, as the Pushgateway's
 * {@code pushgateway_http_requests_total{code,handler,method}} does: the method in lower case, the
 * code as three digits.
 */
final class HttpMetrics {
    private final Counter requests;
    private final Histogram duration;

    HttpMetrics(Registry registry) {
        requests = registry.counter("ferry_http_requests_total",
                "Total HTTP requests processed by Ferry, by handler, status code and method.", "handler", "code", "method");
        duration = registry.histogram("ferry_http_request_duration_seconds",
                "HTTP request latency in seconds, from routing to the end of the response, by handler.",
                Histogram.DEFAULT_BUCKETS, "handler");
    }

    /** {@code handler}, recorded under {@code name} when its response ends (or the connection drops). */
    Handler<RoutingContext> instrument(String name, Handler<RoutingContext> handler) {
        // Created with the route, so each handler's latency series exists (at zero) before its first
        // request, and the request path skips the lookup.
        Histogram.Child latency = duration.labels(name);
        // The counter of each method and code, found without building its label values per request.
        Map<Outcome, Counter.Child> counted = new ConcurrentHashMap<>();
        return ctx -> {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> {
                latency.observe((System.nanoTime() - start) / 1e9);
                counted.computeIfAbsent(new Outcome(ctx.request().method(), ctx.response().getStatusCode()),
                        o -> requests.labels(name, Integer.toString(o.status()),
                                o.method().name().toLowerCase(Locale.ROOT))).inc();
            });
            handler.handle(ctx);
        };
    }

    private record Outcome(HttpMethod method, int status) {
    }
}
