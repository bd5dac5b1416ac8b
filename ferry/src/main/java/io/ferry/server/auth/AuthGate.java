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

    private final List<AuthToken> tokens;
    private final BasicAuthUsers users;
    private final Set<String> excludedPaths;
    private final Optional<AuthConfig.ReadAccess> read;
    private final boolean open;

    private AuthGate(List<AuthToken> tokens, BasicAuthUsers users, Set<String> excludedPaths,
                     Optional<AuthConfig.ReadAccess> read) {
        this.tokens = tokens;
        this.users = users;
        this.excludedPaths = excludedPaths;
        this.read = read;
        this.open = tokens.isEmpty() && users.isEmpty();
    }

    /** No authentication: every guard lets every request through as {@link Principal#OPEN}. */
    public static AuthGate open() {
        return new AuthGate(List.of(), new BasicAuthUsers(java.util.Map.of()), Set.of(), Optional.empty());
    }

    /** The gate {@code auth} and the web config file ask for. */
    public static AuthGate of(AuthConfig auth, WebSecurityConfig web) {
        return new AuthGate(auth.tokens(), new BasicAuthUsers(web.basicAuthUsers()),
                Set.copyOf(web.basicAuthExcludedPaths()), auth.read());
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
     * @param actionOf the action the request needs; null for a probe
     * @param jobOf    the job it touches; null to accept the action on any job
     * @param bodyFollows whether the route reads the body after the guard ({@code RawBody}, which resumes the request)
     * @param orAdmin  whether {@code admin} also allows the request
     */
    private Handler<RoutingContext> guard(Function<RoutingContext, AuthAction> actionOf,
                                          Function<RoutingContext, String> jobOf, boolean bodyFollows,
                                          boolean orAdmin) {
        if (open) {
            return ctx -> {
                Principal.OPEN.attachTo(ctx);
                ctx.next();
            };
        }
        return ctx -> {
            List<String> authorization = ctx.request().headers().getAll("Authorization");
            if (authorization.size() > 1) {
                // Which one would count is a guess a proxy and Ferry could make differently.
                badRequest(ctx, "more than one Authorization header");
                return;
            }
            Grants anyone = anonymousGrants(ctx.request().path());
            switch (PresentedCredentials.parse(authorization.isEmpty() ? null : authorization.getFirst())) {
                case PresentedCredentials.None n -> decide(ctx, anonymous(ctx.request().path()), actionOf, jobOf, orAdmin);
                case PresentedCredentials.Bearer b -> {
                    AuthToken token = find(b.token());
                    if (token == null) {
                        unauthorized(ctx, "unknown token");
                    } else {
                        decide(ctx, new Principal(token.name(), Principal.Kind.TOKEN, Grants.token(token).or(anyone)),
                                actionOf, jobOf, orAdmin);
                    }
                }
                case PresentedCredentials.Basic u -> basic(ctx, u, actionOf, jobOf, bodyFollows, orAdmin);
                case PresentedCredentials.Unusable x -> unauthorized(ctx, "unusable Authorization header");
            }
        };
    }

    private void basic(RoutingContext ctx, PresentedCredentials.Basic u, Function<RoutingContext, AuthAction> actionOf,
                       Function<RoutingContext, String> jobOf, boolean bodyFollows, boolean orAdmin) {
        if (users.isEmpty()) {
            unauthorized(ctx, "basic auth without basic_auth_users");
            return;
        }
        Principal user = new Principal(u.user(), Principal.Kind.BASIC_AUTH_USER, Grants.ALL);
        Boolean known = users.cached(u.user(), u.password());
        if (known != null) {
            if (known) {
                decide(ctx, user, actionOf, jobOf, orAdmin);
            } else {
                unauthorized(ctx, "wrong basic auth password");
            }
            return;
        }
        // bcrypt takes tens of milliseconds or more by design: never on the event loop. The body must
        // wait meanwhile: RawBody, after the guard, reads it and resumes the request; other routes read
        // none, so the request is resumed for them here.
        ctx.request().pause();
        ctx.vertx().executeBlocking(() -> users.verify(u.user(), u.password()), false).onComplete(r -> {
            if (!bodyFollows) {
                ctx.request().resume();
            }
            if (r.succeeded() && r.result()) {
                decide(ctx, user, actionOf, jobOf, orAdmin);
            } else {
                unauthorized(ctx, "wrong basic auth password");
            }
        });
    }

    private void decide(RoutingContext ctx, Principal who, Function<RoutingContext, AuthAction> actionOf,
                        Function<RoutingContext, String> jobOf, boolean orAdmin) {
        AuthAction action = actionOf.apply(ctx);
        boolean allowed;
        String job = null;
        if (action == null) {
            allowed = who.kind() != Principal.Kind.ANONYMOUS || !basicProtected(ctx.request().path());
        } else {
            job = jobOf.apply(ctx);
            allowed = (job == null ? who.holds(action) : who.may(action, job)) || orAdmin && who.mayAdmin();
        }
        if (allowed) {
            who.attachTo(ctx);
            ctx.next();
        } else if (who.kind() == Principal.Kind.ANONYMOUS) {
            unauthorized(ctx, "no credentials");
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

    private void unauthorized(RoutingContext ctx, String why) {
        LOG.debug("request unauthorized", "reason", why, "method", ctx.request().method().name(),
                "path", ctx.request().path());
        var response = ctx.response().setStatusCode(401)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff");
        if (!users.isEmpty()) {
            response.headers().add("WWW-Authenticate", "Basic");
        }
        if (!tokens.isEmpty()) {
            response.headers().add("WWW-Authenticate", BEARER_CHALLENGE);
        }
        response.end("Unauthorized\n");
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
