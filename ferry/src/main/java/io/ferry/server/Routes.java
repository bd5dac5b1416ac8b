package io.ferry.server;

import io.ferry.config.PushLimitsConfig;
import io.ferry.config.WebConfig;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.push.PushService;
import io.ferry.scrape.ScrapeManager;
import io.ferry.config.AuthAction;
import io.ferry.server.auth.AuthGate;
import io.ferry.server.auth.Principal;
import io.ferry.server.auth.WebSecurity;
import io.ferry.server.ui.Page;
import io.ferry.server.ui.Sources;
import io.ferry.server.ui.WebUi;
import io.ferry.state.Group;
import io.ferry.tunnel.proxy.ProxyMetrics;
import io.ferry.tunnel.proxy.Refusal;
import io.ferry.tunnel.proxy.TunnelProxy;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every HTTP route Ferry serves, in one place: read {@link #create} to know the whole HTTP surface.
 * Each route has a handler name, which labels its {@code ferry_http_*} metrics, and a guard that says
 * what it needs ({@link AuthGate}: probe, read, push or delete on the path's job, admin; see
 * docs/security.md); the guard puts the {@link io.ferry.server.auth.Principal} on the context. Every
 * route is under the route prefix ({@code --web.route-prefix}), as in the Pushgateway.
 */
final class Routes {
    private Routes() {
    }

    /**
     * What the routes serve, built by {@link FerryServer#start}.
     *
     * @param ready        whether {@code /-/ready} answers 200
     * @param push         the push API
     * @param metrics      the body of {@code GET /metrics}, shared by every event loop
     * @param limits       the push limits the routes apply (body size, rate)
     * @param requestStop  asks the process to stop ({@code /-/quit}), told what asked
     * @param reloader     reads the config again ({@code /-/reload})
     * @param groups       the stored push groups, for the JSON API and the status page
     * @param status       what Ferry reports about itself
     * @param scrapes      the scrape jobs and their targets
     * @param connections  times each request's body and the wait for the next, and keeps probe slots to probes
     * @param bodies       what push bodies being read at once may hold
     * @param tunnel       the tunnel proxy, when {@code tunnel.enabled}
     * @param otlp         OTLP ingest, for {@code POST /v1/metrics}
     * @param producers    every producer of every route, judged ({@code /api/v1/producers}, the fleet pages)
     * @param ui           what the web UI's pages show
     * @param cluster      this member's part in the cluster, for {@code GET /api/v1/cluster}
     */
    record Services(BooleanSupplier ready, PushService push, MetricsBody metrics, PushLimitsConfig limits,
                    Consumer<String> requestStop, ConfigReloader reloader, Supplier<Collection<Group>> groups,
                    StatusInfo status, Supplier<List<ScrapeManager.Pool>> scrapes, ConnectionGuard connections,
                    BodyBudget bodies, Optional<TunnelProxy> tunnel, OtlpReceiver otlp,
                    ProducerRegistry producers, Sources ui, ClusterStatus cluster) {
    }

    /** A poll's body is an fqdn: at most 253 characters, and some white space. */
    private static final long MAX_POLL_BODY_BYTES = 1024;
    /** Room for a pushed response's status line and headers (100 of at most 8 KiB each). */
    private static final long MAX_PUSH_HEAD_BYTES = 1L << 20;
    private static final String LIFECYCLE_DISABLED = "Lifecycle API is not enabled.";
    private static final String ONLY_POST_OR_PUT = "Only POST or PUT requests allowed.";

    /**
     * The HTTP port's routes, and, with the tunnel on, its proxy requests, which are told apart
     * before any route sees them.
     *
     * @param mistakes answers, counts and logs what clients get wrong (a body that cannot be read)
     */
    static Handler<HttpServerRequest> create(Vertx vertx, HttpMetrics httpMetrics, ClientMistakes mistakes,
                                             WebConfig web, Services s, WebSecurity security) {
        Router router = routes(vertx, httpMetrics, mistakes, web, s, security);
        if (s.tunnel().isEmpty()) {
            return router;
        }
        return withProxyRequests(router, proxyRequests(vertx, httpMetrics, mistakes, s.tunnel().get(),
                s.connections(), security));
    }

    /**
     * The tunnel's own listener ({@code tunnel.listen_address}): its routes under the prefix and
     * proxy requests, behind the listener's own connection guard.
     */
    static Handler<HttpServerRequest> createTunnel(Vertx vertx, HttpMetrics httpMetrics, ClientMistakes mistakes,
                                                   WebConfig web, TunnelProxy tunnel, ConnectionGuard connections,
                                                   BodyBudget bodies, WebSecurity security) {
        Router router = Router.router(vertx);
        router.route().handler(connections::route);
        security.installFirst(router);
        tunnelRoutes(new Table(router, httpMetrics), web.prefix(), security.gate(), tunnel, connections, bodies);
        failures(router, mistakes);
        return withProxyRequests(router, proxyRequests(vertx, httpMetrics, mistakes, tunnel, connections, security));
    }

    /**
     * The OTLP/HTTP listener ({@code otlp.http_listen_address}): {@code POST /v1/metrics} alone,
     * without the route prefix, as OpenTelemetry's exporters address it.
     */
    static Handler<HttpServerRequest> createOtlpHttp(Vertx vertx, HttpMetrics httpMetrics, ClientMistakes mistakes,
                                                     OtlpReceiver otlp, ConnectionGuard connections, BodyBudget bodies,
                                                     WebSecurity security) {
        Router router = Router.router(vertx);
        router.route().handler(connections::route);
        security.installFirst(router);
        otlpRoute(new Table(router, httpMetrics), "", security.gate(), otlp, bodies);
        failures(router, mistakes);
        return router;
    }

    /**
     * The OTLP/gRPC listener ({@code otlp.grpc_listen_address}): the metrics service's
     * {@code Export}, guarded by {@code otlp}; any other method is gRPC's {@code UNIMPLEMENTED}.
     */
    static Handler<HttpServerRequest> createOtlpGrpc(Vertx vertx, HttpMetrics httpMetrics, OtlpReceiver otlp,
                                                     ConnectionGuard connections, BodyBudget bodies,
                                                     WebSecurity security) {
        Router router = Router.router(vertx);
        router.route().handler(connections::route);
        security.installFirst(router);
        RawBody body = new RawBody(otlp.maxRequestBytes() + OtlpGrpcHandler.FRAME_HEADER, "OTLP export",
                "otlp.max_request_bytes", () -> { }, bodies, GrpcAnswer.refusal(otlp));
        router.post(OtlpGrpcHandler.PATH).handler(httpMetrics.instrument("otlp_grpc", security.gate().otlp()))
                .handler(body).handler(new OtlpGrpcHandler(otlp));
        router.route().handler(ctx -> GrpcAnswer.error(ctx, OtlpStatus.UNIMPLEMENTED,
                "unknown method " + ctx.request().path(), null));
        return router;
    }

    /** {@code POST <prefix>/v1/metrics}: OTLP/HTTP, guarded by {@code otlp}, its body bounded by {@code otlp.max_request_bytes}. */
    private static void otlpRoute(Table routes, String p, AuthGate auth, OtlpReceiver otlp, BodyBudget bodies) {
        RawBody body = new RawBody(otlp.maxRequestBytes(), "OTLP export", "otlp.max_request_bytes", () -> { }, bodies,
                OtlpHttpHandler.refusal(otlp));
        routes.post(p + "/v1/metrics", "otlp_http", auth.otlp(), body, new OtlpHttpHandler(otlp));
    }

    /**
     * The tunnel proxy's routes, PushProx's paths under the prefix: {@code /poll} and {@code /push}
     * for clients ({@code tunnel} on the fqdn, by token or client certificate), {@code /clients}
     * for discovery ({@code read}). Any method, as PushProx's mux.
     */
    private static void tunnelRoutes(Table routes, String p, AuthGate auth, TunnelProxy tunnel,
                                     ConnectionGuard connections, BodyBudget bodies) {
        ProxyMetrics m = tunnel.metrics();
        RawBody pollBody = new RawBody(MAX_POLL_BODY_BYTES, "poll", "an fqdn", () -> m.refused(Refusal.BAD_POLL), bodies);
        // The response's body may be up to the limit; its status line and headers come on top.
        RawBody pushBody = new RawBody(tunnel.options().maxResponseBytes() + MAX_PUSH_HEAD_BYTES, "push",
                "tunnel.max_response_bytes", () -> m.refused(Refusal.TOO_LARGE), bodies);
        routes.any(p + "/poll", "tunnel_poll", counted(auth.tunnel(), m), pollBody,
                new TunnelPollHandler(tunnel, connections));
        routes.any(p + "/push", "tunnel_push", counted(auth.tunnel(), m), pushBody, new TunnelPushHandler(tunnel));
        routes.any(p + "/clients", "tunnel_clients", counted(auth.read(), m), RoutingContext::next,
                new TunnelClientsHandler(tunnel));
    }

    /** Set on a proxy request its guard let through: what it answers then is the client's, not a refusal. */
    private static final String ADMITTED = "ferry.tunnel.admitted";

    /** {@code guard}, with its refusals (401 or 407, 403) counted in {@code ferry_tunnel_refused_total}. */
    private static Handler<RoutingContext> counted(Handler<RoutingContext> guard, ProxyMetrics m) {
        return ctx -> {
            ctx.addHeadersEndHandler(v -> {
                if (ctx.get(ADMITTED) != null) {
                    return;
                }
                int status = ctx.response().getStatusCode();
                if (status == 401 || status == 407) {
                    m.refused(Refusal.UNAUTHENTICATED);
                } else if (status == 403 && !ctx.data().containsKey(Principal.CONTEXT_KEY)) {
                    m.refused(Refusal.OUT_OF_SCOPE);
                }
            });
            guard.handle(ctx);
        };
    }

    /** Scrapes through the proxy: {@code read}, with the credentials in {@code Proxy-Authorization}. */
    private static Router proxyRequests(Vertx vertx, HttpMetrics httpMetrics, ClientMistakes mistakes,
                                        TunnelProxy tunnel, ConnectionGuard connections, WebSecurity security) {
        Router router = Router.router(vertx);
        router.route().handler(connections::route);
        security.installFirst(router);
        router.route().handler(httpMetrics.instrument("tunnel_proxy",
                        counted(security.gate().proxyRead(), tunnel.metrics())))
                .handler(ctx -> ctx.put(ADMITTED, true).next())
                .handler(new TunnelProxyHandler(tunnel, connections));
        failures(router, mistakes);
        return router;
    }

    /** Absolute-form requests to {@code proxy}, the rest to {@code router}, which never sees them. */
    private static Handler<HttpServerRequest> withProxyRequests(Router router, Router proxy) {
        return request -> (TunnelProxyHandler.isProxyRequest(request) ? proxy : router).handle(request);
    }

    /** Every route of the HTTP port. */
    private static Router routes(Vertx vertx, HttpMetrics httpMetrics, ClientMistakes mistakes, WebConfig web,
                                 Services s, WebSecurity security) {
        Router router = Router.router(vertx);
        Table routes = new Table(router, httpMetrics);
        String p = web.prefix();
        AuthGate auth = security.gate();
        // The connection's timeouts and probe slots, then the web config file's rate limit and
        // response headers, ahead of every route.
        router.route().handler(s.connections()::route);
        security.installFirst(router);

        // Probes, as the Pushgateway answers them.
        routes.getOrHead(p + "/-/healthy", "healthy", auth.probe(), new HealthyHandler());
        routes.getOrHead(p + "/-/ready", "ready", auth.probe(), new ReadyHandler(s.ready()));

        // What Prometheus scrapes: Ferry's own metrics and the pushed groups (--web.telemetry-path).
        routes.get(web.metricsPath(), "metrics", auth.read(), new MetricsHandler(vertx, s.metrics()));

        // The Pushgateway's push API: PUT and POST push a group, DELETE removes it. Always on
        // <prefix>/metrics, whatever the telemetry path, as in the Pushgateway. Guarded by the job of
        // the grouping key: push for PUT and POST, delete for DELETE.
        PushHandler pushHandler = new PushHandler(s.push(), p + "/metrics");
        Handler<RoutingContext> pushOrDelete = auth.pushOrDelete(pushHandler::jobOf);
        Handler<RoutingContext> rateLimit = pushRateLimit(s);
        RawBody body = new RawBody(s.limits().maxBodyBytes(), () -> s.push().refusedByLimit("max_body_bytes"),
                s.bodies());
        routes.push(p + "/metrics/job/*", pushOrDelete, rateLimit, body, pushHandler);
        routes.push(p + "/metrics/job@base64/*", pushOrDelete, rateLimit, body, pushHandler);

        // OTLP/HTTP (docs/otlp.md): on the main port too, so that one port is enough behind a load balancer.
        otlpRoute(routes, p, auth, s.otlp(), s.bodies());

        // Lifecycle: /-/quit as the Pushgateway answers it, /-/reload as Prometheus does. Without
        // --web.enable-lifecycle both answer 403; a GET on the unprefixed paths says what to use,
        // before any authentication (as Prometheus answers it), like any other wrong method (405).
        boolean lifecycle = web.enableLifecycle();
        routes.putOrPost(p + "/-/quit", "quit", auth.admin(),
                lifecycle ? new QuitHandler(s.requestStop()) : Plain.answer(403, LIFECYCLE_DISABLED));
        routes.putOrPost(p + "/-/reload", "reload", auth.admin(),
                lifecycle ? new ReloadHandler(s.reloader()) : Plain.answer(403, LIFECYCLE_DISABLED));
        routes.get("/-/quit", "quit", RoutingContext::next, Plain.answer(405, ONLY_POST_OR_PUT));
        routes.get("/-/reload", "reload", RoutingContext::next, Plain.answer(405, ONLY_POST_OR_PUT));

        // The Pushgateway's JSON API. Every answer under it carries its CORS headers, and OPTIONS
        // is answered on any path (a route without a method, so other methods fall through).
        String api = p + "/api/v1";
        // Open to all: a CORS preflight carries no credentials, and the answer is headers only.
        router.route(api + "/*").handler(new CorsHandler(httpMetrics.instrument("api/v1/options", CorsHandler::options)));
        routes.get(api + "/status", "api/v1/status", auth.read(), new ApiStatusHandler(s.status()));
        routes.get(api + "/metrics", "api/v1/metrics", auth.read(), new ApiMetricsHandler(s.groups(), s.status().zone()));
        // Prometheus' targets API, for the scrape jobs.
        routes.get(api + "/targets", "api/v1/targets", auth.read(), new ApiTargetsHandler(s.scrapes(), s.status().zone()));
        // The fleet: every producer of every route, judged (docs/fleet.md).
        routes.get(api + "/producers", "api/v1/producers", auth.read(), new ApiProducersHandler(s.producers()));
        // This member's part in sharing the work: shards, members, state.
        routes.get(api + "/cluster", "api/v1/cluster", auth.read(), new ApiClusterHandler(s.cluster()));
        // Partial-key delete: every group whose grouping labels match a selector (match[]), of the
        // jobs the principal may delete (admin: every job).
        routes.delete(api + "/groups", "groups_delete", auth.requireSomeOrAdmin(AuthAction.DELETE),
                new GroupsDeleteHandler(s.push(), ctx -> {
                    Principal who = Principal.of(ctx);
                    return key -> who.mayAdmin() || who.mayDelete(key.get("job"));
                }));
        // The admin API exists only when enabled, so a wipe is otherwise an unknown path (404).
        if (web.enableAdminApi()) {
            routes.put(api + "/admin/wipe", "wipe", auth.admin(), new WipeHandler(s.push()));
        }

        // The tunnel proxy's routes (docs/tunnel.md).
        s.tunnel().ifPresent(t -> tunnelRoutes(routes, p, auth, t, s.connections(), s.bodies()));

        // The web UI (docs/fleet.md). As the Pushgateway's router does, the bare prefix redirects to <prefix>/.
        if (!p.isEmpty()) {
            router.get(p).handler(ctx -> {
                if (ctx.request().path().equals(p)) {
                    ctx.response().setStatusCode(301).putHeader("Location", p + "/").end();
                } else {
                    ctx.next();
                }
            });
        }
        WebUi ui = new WebUi(s.ui(), web.externalPrefix());
        for (Page page : Page.values()) {
            routes.get(p + page.path(), page.handlerName(), auth.read(), ui.page(page));
        }
        routes.get(p + "/static/*", "static", auth.read(), ui.assets());

        failures(router, mistakes);
        return router;
    }

    /** Failures and unmatched paths answer in plain text, as the Pushgateway does, not Vert.x's HTML. */
    private static void failures(Router router, ClientMistakes mistakes) {
        FailureHandler failure = new FailureHandler(mistakes);
        router.route().failureHandler(failure);
        router.errorHandler(404, failure);
        router.errorHandler(405, failure);
    }

    /** Lets every push through unless push.limits.max_pushes_per_second is set. */
    private static Handler<RoutingContext> pushRateLimit(Services s) {
        PushLimitsConfig l = s.limits();
        if (!l.rateLimited()) {
            return RoutingContext::next;
        }
        return new PushRateLimit(l.pushesPerSecond(), l.effectiveBurst(), System::nanoTime,
                () -> s.push().refusedByLimit("max_pushes_per_second"));
    }

    /**
     * Registers routes with their guards and metrics, so the table above stays one line per route.
     * The guard runs inside the metrics, so refusals (401, 403) are counted under the route's name,
     * and before a push body is read, so an unauthorized client cannot make Ferry read one.
     */
    private record Table(Router router, HttpMetrics metrics) {

        void get(String path, String name, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
            router.get(path).handler(metrics.instrument(name, guard)).handler(handler);
        }

        void putOrPost(String path, String name, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
            router.route(path).method(HttpMethod.PUT).method(HttpMethod.POST).handler(metrics.instrument(name, guard))
                    .handler(handler);
        }

        void delete(String path, String name, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
            router.delete(path).handler(metrics.instrument(name, guard)).handler(handler);
        }

        void put(String path, String name, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
            router.put(path).handler(metrics.instrument(name, guard)).handler(handler);
        }

        /**
         * PUT and POST, guarded, rate-limited and with their body read, and DELETE, guarded. One route,
         * so that a push is matched once rather than once per step.
         */
        void push(String path, Handler<RoutingContext> guard, Handler<RoutingContext> rateLimit, RawBody body,
                  Handler<RoutingContext> handler) {
            router.route(path).method(HttpMethod.PUT).method(HttpMethod.POST).method(HttpMethod.DELETE)
                    .handler(metrics.instrument("push", guard))
                    .handler(exceptOnDelete(rateLimit)).handler(exceptOnDelete(body))
                    .handler(handler);
        }

        /** {@code step} for a push; a delete has no body and is not rate-limited, so it goes on past it. */
        private static Handler<RoutingContext> exceptOnDelete(Handler<RoutingContext> step) {
            return ctx -> {
                if (HttpMethod.DELETE.equals(ctx.request().method())) {
                    ctx.next();
                } else {
                    step.handle(ctx);
                }
            };
        }

        /** POST, guarded, with the body read. */
        void post(String path, String name, Handler<RoutingContext> guard, Handler<RoutingContext> body,
                  Handler<RoutingContext> handler) {
            router.post(path).handler(metrics.instrument(name, guard)).handler(body).handler(handler);
        }

        /** Any method (as PushProx's mux), guarded, with the body read. */
        void any(String path, String name, Handler<RoutingContext> guard, Handler<RoutingContext> body,
                 Handler<RoutingContext> handler) {
            router.route(path).handler(metrics.instrument(name, guard)).handler(body).handler(handler);
        }

        void getOrHead(String path, String name, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
            router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(metrics.instrument(name, guard))
                    .handler(handler);
        }
    }
}
