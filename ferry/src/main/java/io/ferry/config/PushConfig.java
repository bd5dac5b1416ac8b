package io.ferry.config;

/**
 * The {@code push:} section: how the push API treats what it is sent.
 *
 * @param consistencyCheck refuse a push whose families clash in type with other groups' or Ferry's
 *                         own ({@code consistency_check}, default true; the flag
 *                         {@code --push.disable-consistency-check} turns it off, as in the Pushgateway)
 */
public record PushConfig(boolean consistencyCheck) {

    /** The defaults of every {@code push:} key. */
    public static final PushConfig DEFAULTS = new PushConfig(true);

    public PushConfig withConsistencyCheck(boolean enabled) {
        return new PushConfig(enabled);
    }
}
