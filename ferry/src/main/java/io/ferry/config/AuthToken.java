package io.ferry.config;

import java.util.List;
import java.util.Set;

/**
 * One entry of {@code auth.tokens}: a named bearer token, the jobs it may push to or delete, and what
 * it may do. Its {@code toString} shows the secret as {@code <secret>}.
 *
 * @param name    how the token is called in logs, metrics and the per-token limits ({@code name})
 * @param secret  the token ({@code token}, or the content of {@code token_file} without trailing newlines)
 * @param jobs    the jobs its {@code push} and {@code delete} apply to ({@code jobs}); empty when it has neither
 * @param actions what it may do ({@code actions})
 */
public record AuthToken(String name, Secret secret, List<JobGlob> jobs, Set<AuthAction> actions) {

    public AuthToken {
        jobs = List.copyOf(jobs);
        actions = Set.copyOf(actions);
    }

    /** Whether this token may do {@code action}; for push and delete, on {@code job}. */
    public boolean allows(AuthAction action, String job) {
        if (!actions.contains(action)) {
            return false;
        }
        if (action != AuthAction.PUSH && action != AuthAction.DELETE) {
            return true;
        }
        for (JobGlob g : jobs) {
            if (g.matches(job)) {
                return true;
            }
        }
        return false;
    }
}
