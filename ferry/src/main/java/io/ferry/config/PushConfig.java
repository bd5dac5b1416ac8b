package io.ferry.config;

/**
 * The {@code push:} section: how the push API treats what it is sent.
 *
 * @param consistencyCheck refuse a push whose families clash in type with other groups' or Ferry's
 *                         own ({@code consistency_check}, default true; the flag
 *                         {@code --push.disable-consistency-check} turns it off, as in the Pushgateway)
 * @param limits           what one push, one client and the store may hold ({@code limits:})
 * @param lifecycle        expiry, liveness and expected groups ({@code expire}, {@code liveness},
 *                         {@code expect}, {@code liveness_metric})
 */
public record PushConfig(boolean consistencyCheck, PushLimitsConfig limits, PushLifecycleConfig lifecycle) {

    /** The defaults of every {@code push:} key. */
    public static final PushConfig DEFAULTS = new PushConfig(true, PushLimitsConfig.DEFAULTS, PushLifecycleConfig.DEFAULTS);

    public PushConfig(boolean consistencyCheck, PushLimitsConfig limits) {
        this(consistencyCheck, limits, PushLifecycleConfig.DEFAULTS);
    }

    public PushConfig withConsistencyCheck(boolean enabled) {
        return new PushConfig(enabled, limits, lifecycle);
    }

    public PushConfig withLimits(PushLimitsConfig l) {
        return new PushConfig(consistencyCheck, l, lifecycle);
    }

    public PushConfig withLifecycle(PushLifecycleConfig l) {
        return new PushConfig(consistencyCheck, limits, l);
    }
}
