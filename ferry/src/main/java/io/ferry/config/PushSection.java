package io.ferry.config;

/** Reads {@code push:}. */
final class PushSection {
    private PushSection() {
    }

    static PushConfig read(YamlMapping m, PushConfig defaults) throws ConfigException {
        m.allowOnly("consistency_check", "limits");
        return defaults.withConsistencyCheck(m.bool("consistency_check").orElse(defaults.consistencyCheck()))
                .withLimits(m.section("limits", defaults.limits(), LimitsSection::read));
    }
}
