package io.ferry.server.auth;

import io.ferry.config.AuthAction;
import io.ferry.config.AuthToken;

/** What a principal may do. Implementations are immutable. */
interface Grants {
    Grants ALL = of(action -> true, (action, job) -> true);
    Grants NONE = of(action -> false, (action, job) -> false);

    /** Whether {@code action} is allowed on {@code job} (ignored for read and admin). */
    boolean allows(AuthAction action, String job);

    /** Whether {@code action} is allowed on at least one job. */
    boolean holds(AuthAction action);

    static Grants of(java.util.function.Predicate<AuthAction> holds,
                     java.util.function.BiPredicate<AuthAction, String> allows) {
        return new Grants() {
            @Override
            public boolean allows(AuthAction action, String job) {
                return allows.test(action, job);
            }

            @Override
            public boolean holds(AuthAction action) {
                return holds.test(action);
            }
        };
    }

    static Grants token(AuthToken token) {
        return of(a -> token.actions().contains(a), token::allows);
    }

    /** What either {@code this} or {@code other} allows. */
    default Grants or(Grants other) {
        Grants self = this;
        return of(a -> self.holds(a) || other.holds(a), (a, j) -> self.allows(a, j) || other.allows(a, j));
    }
}
