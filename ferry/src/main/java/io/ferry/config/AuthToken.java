package io.ferry.config;

import java.util.List;
import java.util.Set;

/**
 * One entry of {@code auth.tokens}: a named bearer token, the jobs it may push to or delete, the
 * fqdns it may register in the tunnel, and what it may do. Its {@code toString} shows the secret as
 * {@code <secret>}.
 *
 * @param name    how the token is called in logs, metrics and the per-token limits ({@code name})
 * @param secret  the token ({@code token}, or the content of {@code token_file} without trailing newlines)
 * @param jobs    the jobs its {@code push} and {@code delete} apply to ({@code jobs}); empty when it has neither
 * @param actions what it may do ({@code actions})
 * @param fqdns   the fqdns its {@code tunnel} applies to ({@code fqdns}, patterns with {@code *} as
 *                {@code jobs}); empty when it has no {@code tunnel}
 * @param services the {@code service.name}s its {@code otlp} applies to ({@code services}, patterns as
 *                {@code jobs}); empty when it has no {@code otlp}
 */
public record AuthToken(String name, Secret secret, List<JobGlob> jobs, Set<AuthAction> actions, List<JobGlob> fqdns,
                        List<JobGlob> services) {

    public AuthToken {
        jobs = List.copyOf(jobs);
        actions = Set.copyOf(actions);
        fqdns = List.copyOf(fqdns);
        services = List.copyOf(services);
    }

    /** A token without {@code otlp}. */
    public AuthToken(String name, Secret secret, List<JobGlob> jobs, Set<AuthAction> actions, List<JobGlob> fqdns) {
        this(name, secret, jobs, actions, fqdns, List.of());
    }

    /** A token without {@code tunnel}. */
    public AuthToken(String name, Secret secret, List<JobGlob> jobs, Set<AuthAction> actions) {
        this(name, secret, jobs, actions, List.of(), List.of());
    }

    /**
     * Whether this token may do {@code action}; for push and delete, on the job {@code scope}; for
     * tunnel, on the fqdn {@code scope}; for otlp, on the {@code service.name} {@code scope}.
     */
    public boolean allows(AuthAction action, String scope) {
        if (!actions.contains(action)) {
            return false;
        }
        List<JobGlob> patterns = switch (action) {
            case PUSH, DELETE -> jobs;
            case TUNNEL -> fqdns;
            case OTLP -> services;
            case READ, ADMIN -> null;
        };
        if (patterns == null) {
            return true;
        }
        for (JobGlob g : patterns) {
            if (g.matches(scope)) {
                return true;
            }
        }
        return false;
    }
}
