package io.ferry.config;

/**
 * The {@code push:} section: how the push API treats what it is sent.
 *
 * @param consistencyCheck refuse a push whose families clash in type with other groups' or Ferry's
 *                         own ({@code consistency_check}, default true; the flag
 *                         {@code --push.disable-consistency-check} turns it off, as in the Pushgateway)
 * @param limits           what one push, one client and the store may hold ({@code limits:})
 */
public record PushConfig(boolean consistencyCheck, PushLimits limits) {

    /** The defaults of every {@code push:} key. */
    public static final PushConfig DEFAULTS = new PushConfig(true, PushLimits.DEFAULTS);

    public PushConfig withConsistencyCheck(boolean enabled) {
        return new PushConfig(enabled, limits);
    }

    public PushConfig withLimits(PushLimits l) {
        return new PushConfig(consistencyCheck, l);
    }
}
