package io.ferry.server.auth;

import io.ferry.config.AuthAction;
import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request, and what they may do: put on the {@link RoutingContext} by the route's guard
 * ({@link AuthGate}) before its handler runs.
 *
 * <pre>{@code
 * Principal who = Principal.of(ctx);
 * if (!who.mayDelete(group.job())) { ... skip or refuse ... }   // e.g. a delete of several groups
 * String client = who.name();                                    // per-token limits (PushRateLimit)
 * }</pre>
 *
 * <p>What a principal may do already includes what anyone may do: with Ferry open (no tokens, no
 * basic-auth users) every request gets {@link #OPEN}, which may do everything; a token that lacks
 * {@code read} may still read when {@code auth.read} is {@code open}. A context no guard has seen
 * gets {@link #NOBODY}, which may do nothing, so a route registered without a guard fails closed.
 * Immutable and thread-safe.
 */
public final class Principal {
    /** Where the principal is kept on the routing context. */
    public static final String CONTEXT_KEY = "ferry.principal";

    /** Anyone, when Ferry is open (no authentication configured): may do everything. */
    public static final Principal OPEN = new Principal("", Kind.ANONYMOUS, Grants.ALL);

    /** Nobody: what {@link #of} gives for a context no guard has seen. May do nothing. */
    public static final Principal NOBODY = new Principal("", Kind.ANONYMOUS, Grants.NONE);

    /** How the sender proved who they are. */
    public enum Kind {
        /** No credentials. */
        ANONYMOUS,
        /** A bearer token of {@code auth.tokens}; the name is the token's {@code name}. */
        TOKEN,
        /** A user of the web config file's {@code basic_auth_users}; the name is the user name. */
        BASIC_AUTH_USER,
        /** A client certificate the web config file verified (tunnel only); the name is its subject. */
        CERTIFICATE
    }

    private final String name;
    private final Kind kind;
    private final Grants grants;

    Principal(String name, Kind kind, Grants grants) {
        this.name = name;
        this.kind = kind;
        this.grants = grants;
    }

    /** The principal a guard put on {@code ctx}, or {@link #NOBODY}. */
    public static Principal of(RoutingContext ctx) {
        Principal p = ctx.get(CONTEXT_KEY);
        return p == null ? NOBODY : p;
    }

    /** The token's name or the basic-auth user's; {@code ""} for anonymous requests. Never a secret. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this principal may do {@code action}; {@code job} scopes push and delete (ignored otherwise). */
    public boolean may(AuthAction action, String job) {
        return grants.allows(action, job == null ? "" : job);
    }

    /**
     * Whether this principal may do {@code action} on some job at least: the check before a route that
     * touches several jobs (a delete by label matchers), which then asks {@link #may} for each.
     */
    public boolean holds(AuthAction action) {
        return grants.holds(action);
    }

    public boolean mayPush(String job) {
        return may(AuthAction.PUSH, job);
    }

    public boolean mayDelete(String job) {
        return may(AuthAction.DELETE, job);
    }

    public boolean mayRead() {
        return may(AuthAction.READ, "");
    }

    public boolean mayAdmin() {
        return may(AuthAction.ADMIN, "");
    }

    /**
     * Who owns what this principal registers in the tunnel: {@code token:<name>},
     * {@code cert:<subject>}, {@code user:<name>}, or {@code ""} for anonymous requests (Ferry open).
     */
    public String owner() {
        return switch (kind) {
            case ANONYMOUS -> "";
            case TOKEN -> "token:" + name;
            case BASIC_AUTH_USER -> "user:" + name;
            case CERTIFICATE -> "cert:" + name;
        };
    }

    void attachTo(RoutingContext ctx) {
        ctx.put(CONTEXT_KEY, this);
    }

    /** What names the principal in logs and answers: never a token. */
    @Override
    public String toString() {
        return switch (kind) {
            case ANONYMOUS -> "anonymous";
            case TOKEN -> "token \"" + name + "\"";
            case BASIC_AUTH_USER -> "user \"" + name + "\"";
            case CERTIFICATE -> "certificate \"" + name + "\"";
        };
    }
}
