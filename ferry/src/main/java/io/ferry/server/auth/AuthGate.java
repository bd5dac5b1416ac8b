package io.ferry.server.auth;

import io.ferry.config.AuthAction;
import io.ferry.config.AuthConfig;
import io.ferry.config.AuthToken;
import io.ferry.config.WebSecurityConfig;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The guards routes put before their handlers ({@code Routes.create}): each authenticates the
 * request (a bearer token of {@code auth.tokens}, or a basic-auth user of the web config file),
 * decides whether it may do what the route does, and puts the {@link Principal} on the context.
 *
 * <pre>{@code
 * routes.get(p + "/api/v1/status", "api/v1/status", gate.read(), handler);
 * routes.push(p + "/metrics/job/*", gate.pushOrDelete(PushHandler::jobOf), pushHandler, maxBytes);
 * }</pre>
 *
 * <p>Answers: <b>400</b> when the request has more than one {@code Authorization} header; <b>401</b> ({@code Unauthorized}, with {@code WWW-Authenticate: Basic} when there are
 * basic-auth users and {@code Bearer realm="ferry"} when there are tokens) when the request has no
 * credentials and needs some, or has credentials that identify nobody (an unknown token, a wrong
 * password, another scheme); <b>403</b> when they identify a token that may not do this (wrong
 * action, or a job outside its patterns). What anyone may do without credentials:
 * <ul>
 *   <li>everything, when there are neither tokens nor basic-auth users ({@link #open()});</li>
 *   <li>probes ({@code /-/healthy}, {@code /-/ready}, CORS preflight), unless basic-auth users are
 *       configured (which, as in exporter-toolkit, protect every path not in
 *       {@code basic_auth_excluded_paths});</li>
 *   <li>reading, when {@code auth.read} is {@code open}, or unset and no basic-auth users protect
 *       the path;</li>
 *   <li>push, delete and admin only when there are no tokens and the path is excluded from basic auth.</li>
 * </ul>
 * A basic-auth user may do everything, as in the Pushgateway. Tokens are compared in constant time
 * (their SHA-256 digests) and never logged. Thread-safe; bcrypt checks run on a worker thread.
 */
public final class AuthGate {
    private static final Logger LOG = Log.logger();
    private static final String BEARER_CHALLENGE = "Bearer realm=\"ferry\"";
    private static final String AUTHORIZATION = "Authorization";
    private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

    private final List<AuthToken> tokens;
    private final BasicAuthUsers users;
    private final Set<String> excludedPaths;
    private final Optional<AuthConfig.ReadAccess> read;
    private final boolean open;
    private final boolean certificatesVerified;

    private AuthGate(List<AuthToken> tokens, BasicAuthUsers users, Set<String> excludedPaths,
                     Optional<AuthConfig.ReadAccess> read, boolean certificatesVerified) {
        this.certificatesVerified = certificatesVerified;
        this.tokens = tokens;
        this.users = users;
        this.excludedPaths = excludedPaths;
        this.read = read;
        this.open = tokens.isEmpty() && users.isEmpty();
    }

    /** No authentication: every guard lets every request through as {@link Principal#OPEN}. */
    public static AuthGate open() {
        return new AuthGate(List.of(), new BasicAuthUsers(java.util.Map.of()), Set.of(), Optional.empty(), false);
    }

    /** The gate {@code auth} and the web config file ask for. */
    public static AuthGate of(AuthConfig auth, WebSecurityConfig web) {
        return new AuthGate(auth.tokens(), new BasicAuthUsers(web.basicAuthUsers()),
                Set.copyOf(web.basicAuthExcludedPaths()), auth.read(),
                web.tls().map(t -> t.clientAuth().verified()).orElse(false));
    }

    /** Whether this gate lets everyone do everything. */
    public boolean isOpen() {
        return open;
    }

    /**
     * For probes: open unless basic-auth users protect the path, and then any authenticated principal
     * passes. An open probe does not look at {@code Authorization}: a kubelet or load balancer that
     * sends stale or foreign credentials still gets its answer.
     */
    public Handler<RoutingContext> probe() {
        Handler<RoutingContext> guarded = guard(ctx -> null, ctx -> "probe", false, false);
        return ctx -> {
            if (basicProtected(ctx.request().path())) {
                guarded.handle(ctx);
            } else {
                (open ? Principal.OPEN : anonymous(ctx.request().path())).attachTo(ctx);
                ctx.next();
            }
        };
    }

    /** For {@code /metrics}, the JSON API and the status page: the {@code read} action. */
    public Handler<RoutingContext> read() {
        return require(AuthAction.READ, ctx -> "");
    }

    /** For the admin API and the lifecycle endpoints: the {@code admin} action. */
    public Handler<RoutingContext> admin() {
        return require(AuthAction.ADMIN, ctx -> "");
    }

    /**
     * For the push routes: {@code push} for PUT and POST, {@code delete} for DELETE, on the job
     * {@code jobOf} finds in the request ({@code ""} when it cannot, which only a {@code *} pattern matches).
     */
    public Handler<RoutingContext> pushOrDelete(Function<RoutingContext, String> jobOf) {
        return guard(ctx -> ctx.request().method().equals(HttpMethod.DELETE) ? AuthAction.DELETE : AuthAction.PUSH,
                jobOf, true, false);
    }

    /** {@code action} on the job {@code jobOf} finds (ignored for read and admin). */
    public Handler<RoutingContext> require(AuthAction action, Function<RoutingContext, String> jobOf) {
        return guard(ctx -> action, jobOf, false, false);
    }

    /**
     * {@code action} on at least one job: for a route that touches several jobs and asks
     * {@link Principal#may} for each of them itself.
     */
    public Handler<RoutingContext> requireSome(AuthAction action) {
        return guard(ctx -> action, ctx -> null, false, false);
    }

    /**
     * As {@link #requireSome}, or {@code admin}, which may act on every job: for the delete by label
     * matchers, which an admin may use as a narrower wipe.
     */
    public Handler<RoutingContext> requireSomeOrAdmin(AuthAction action) {
        return guard(ctx -> action, ctx -> null, false, true);
    }

    /**
     * For OTLP exports: {@code otlp} on at least one service; the export's resources are then
     * checked one by one against the principal's {@code services} ({@link Principal#may}). The
     * body is read after this guard.
     */
    public Handler<RoutingContext> otlp() {
        return guard(ctx -> AuthAction.OTLP, ctx -> null, true, false);
    }

    /**
     * For {@code /poll} and {@code /push} of the tunnel: {@code tunnel} on at least one fqdn (the
     * handler checks the fqdn itself once it has read the body, with {@link Principal#may}). Without
     * an {@code Authorization} header, a client certificate the web config file verified stands for
     * {@code tunnel} on the DNS names of its SAN ({@link ClientCertificate}), even when Ferry is
     * otherwise open. Then an open Ferry refuses a tunnel request with neither (401): it could
     * register any fqdn, a certificate's included, and take the scrapes meant for its owner.
     */
    public Handler<RoutingContext> tunnel() {
        Handler<RoutingContext> byHeader = guard(AUTHORIZATION, ctx -> AuthAction.TUNNEL, ctx -> null, true, false);
        return ctx -> {
            if (certificatesVerified && ctx.request().getHeader(AUTHORIZATION) == null) {
                Principal cert = ClientCertificate.principal(ctx.request(), open ? Grants.of(a -> a == AuthAction.READ, (a, j) -> a == AuthAction.READ)
                        : anonymousGrants(ctx.request().path()));
                if (cert != null) {
                    cert.attachTo(ctx);
                    ctx.next();
                    return;
                }
                if (open) {
                    LOG.debug("request unauthorized", "reason", "no client certificate", "method",
                            ctx.request().method().name(), "path", ctx.request().path());
                    ctx.response().setStatusCode(401)
                            .putHeader("Content-Type", "text/plain; charset=utf-8")
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .end("Unauthorized: the tunnel takes a client certificate that client_ca_file verifies\n");
                    return;
                }
            }
            byHeader.handle(ctx);
        };
    }

    /**
     * For a scrape through the tunnel proxy (an absolute-form request): {@code read}, with the
     * credentials in {@code Proxy-Authorization} (as Prometheus sends {@code proxy_url}'s user
     * info): a bearer token, a basic-auth user, or basic auth with any user and a token as the
     * password. Refused with 407 {@code Proxy Authentication Required}. The handler removes the
     * header before the request goes on.
     */
    public Handler<RoutingContext> proxyRead() {
        return guard(PROXY_AUTHORIZATION, ctx -> AuthAction.READ, ctx -> "", false, false);
    }

    /**
     * @param header   where the credentials are: {@code Authorization}, or {@code Proxy-Authorization}
     *                 for a request through the tunnel proxy (which no path exclusion applies to)
     * @param actionOf the action the request needs; null for a probe
     * @param jobOf    the job it touches; null to accept the action on any job
     * @param bodyFollows whether the route reads the body after the guard ({@code RawBody}, which resumes the request)
     * @param orAdmin  whether {@code admin} also allows the request
     */
    private Handler<RoutingContext> guard(String header, Function<RoutingContext, AuthAction> actionOf,
                                          Function<RoutingContext, String> jobOf, boolean bodyFollows,
                                          boolean orAdmin) {
        return guard(new Check(header, actionOf, jobOf, bodyFollows, orAdmin));
    }

    private Handler<RoutingContext> guard(Function<RoutingContext, AuthAction> actionOf,
                                          Function<RoutingContext, String> jobOf, boolean bodyFollows,
                                          boolean orAdmin) {
        return guard(AUTHORIZATION, actionOf, jobOf, bodyFollows, orAdmin);
    }

    /** What one guard checks. */
    private record Check(String header, Function<RoutingContext, AuthAction> actionOf,
                         Function<RoutingContext, String> jobOf, boolean bodyFollows, boolean orAdmin) {

        boolean proxy() {
            return header.equals(PROXY_AUTHORIZATION);
        }

        /** The path basic auth's exclusions are checked against; a proxy request has none. */
        String path(RoutingContext ctx) {
            return proxy() ? ctx.request().uri() : ctx.request().path();
        }
    }

    private Handler<RoutingContext> guard(Check check) {
        if (open) {
            return ctx -> {
                Principal.OPEN.attachTo(ctx);
                ctx.next();
            };
        }
        return ctx -> {
            List<String> authorization = ctx.request().headers().getAll(check.header());
            if (authorization.size() > 1) {
                // Which one would count is a guess a proxy and Ferry could make differently.
                badRequest(ctx, "more than one " + check.header() + " header");
                return;
            }
            String path = check.path(ctx);
            Grants anyone = anonymousGrants(path);
            switch (PresentedCredentials.parse(authorization.isEmpty() ? null : authorization.getFirst())) {
                case PresentedCredentials.None n -> decide(ctx, anonymous(path), check);
                case PresentedCredentials.Bearer b -> byToken(ctx, b.token(), anyone, check);
                case PresentedCredentials.Basic u when check.proxy() && find(u.password()) != null ->
                        byToken(ctx, u.password(), anyone, check);
                case PresentedCredentials.Basic u -> basic(ctx, u, check);
                case PresentedCredentials.Unusable x -> unauthorized(ctx, "unusable " + check.header() + " header", check);
            }
        };
    }

    private void byToken(RoutingContext ctx, String presented, Grants anyone, Check check) {
        AuthToken token = find(presented);
        if (token == null) {
            unauthorized(ctx, "unknown token", check);
        } else {
            decide(ctx, new Principal(token.name(), Principal.Kind.TOKEN, Grants.token(token).or(anyone)), check);
        }
    }

    private void basic(RoutingContext ctx, PresentedCredentials.Basic u, Check check) {
        if (users.isEmpty()) {
            unauthorized(ctx, "basic auth without basic_auth_users", check);
            return;
        }
        Principal user = new Principal(u.user(), Principal.Kind.BASIC_AUTH_USER, Grants.ALL);
        Boolean known = users.cached(u.user(), u.password());
        if (known != null) {
            if (known) {
                decide(ctx, user, check);
            } else {
                unauthorized(ctx, "wrong basic auth password", check);
            }
            return;
        }
        // bcrypt takes tens of milliseconds or more by design: never on the event loop. The body must
        // wait meanwhile: RawBody, after the guard, reads it and resumes the request; other routes read
        // none, so the request is resumed for them here.
        ctx.request().pause();
        ctx.vertx().executeBlocking(() -> users.verify(u.user(), u.password()), false).onComplete(r -> {
            if (!check.bodyFollows()) {
                ctx.request().resume();
            }
            if (r.succeeded() && r.result()) {
                decide(ctx, user, check);
            } else {
                unauthorized(ctx, "wrong basic auth password", check);
            }
        });
    }

    private void decide(RoutingContext ctx, Principal who, Check check) {
        AuthAction action = check.actionOf().apply(ctx);
        boolean allowed;
        String job = null;
        if (action == null) {
            allowed = who.kind() != Principal.Kind.ANONYMOUS || !basicProtected(check.path(ctx));
        } else {
            job = check.jobOf().apply(ctx);
            allowed = (job == null ? who.holds(action) : who.may(action, job)) || check.orAdmin() && who.mayAdmin();
        }
        if (allowed) {
            who.attachTo(ctx);
            ctx.next();
        } else if (who.kind() == Principal.Kind.ANONYMOUS) {
            unauthorized(ctx, "no credentials", check);
        } else {
            String what = action == null ? "probe"
                    : action.label() + (job != null && (action == AuthAction.PUSH || action == AuthAction.DELETE)
                    ? " job \"" + job + "\"" : "");
            LOG.debug("request forbidden", "principal", who, "method", ctx.request().method().name(),
                    "path", ctx.request().path());
            ctx.response().setStatusCode(403)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end("Forbidden: " + who + " may not " + what + "\n");
        }
    }

    private void badRequest(RoutingContext ctx, String why) {
        LOG.debug("request refused", "reason", why, "method", ctx.request().method().name(),
                "path", ctx.request().path());
        ctx.response().setStatusCode(400)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end("Bad Request: " + why + "\n");
    }

    /** 401 with challenges; 407 with proxy challenges for a request through the tunnel proxy. */
    private void unauthorized(RoutingContext ctx, String why, Check check) {
        LOG.debug("request unauthorized", "reason", why, "method", ctx.request().method().name(),
                "path", ctx.request().path());
        boolean proxy = check.proxy();
        String challenge = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
        var response = ctx.response().setStatusCode(proxy ? 407 : 401)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff");
        if (!users.isEmpty() || proxy) {
            response.headers().add(challenge, "Basic");
        }
        if (!tokens.isEmpty()) {
            response.headers().add(challenge, BEARER_CHALLENGE);
        }
        response.end(proxy ? "Proxy Authentication Required\n" : "Unauthorized\n");
    }

    /** The token whose secret is {@code presented}, or null. Looks at every token, whichever matches. */
    private AuthToken find(String presented) {
        AuthToken found = null;
        for (AuthToken t : tokens) {
            if (t.secret().matches(presented) && found == null) {
                found = t;
            }
        }
        return found;
    }

    private boolean basicProtected(String path) {
        return !users.isEmpty() && !excludedPaths.contains(path);
    }

    /** Whoever sends no credentials, on {@code path}. */
    private Principal anonymous(String path) {
        return new Principal("", Principal.Kind.ANONYMOUS, anonymousGrants(path));
    }

    /** What a request without credentials may do on {@code path}. */
    private Grants anonymousGrants(String path) {
        boolean basic = basicProtected(path);
        boolean readOpen = read.map(r -> r == AuthConfig.ReadAccess.OPEN).orElse(!basic);
        boolean writeOpen = !basic && tokens.isEmpty();
        return Grants.of(a -> a == AuthAction.READ ? readOpen : writeOpen,
                (a, j) -> a == AuthAction.READ ? readOpen : writeOpen);
    }
}
