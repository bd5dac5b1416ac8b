package io.ferry.config;

import io.ferry.log.Level;
import io.ferry.log.LogFormat;

/** Reads {@code log:}. */
final class LogSection {
    private LogSection() {
    }

    static LogConfig read(YamlMapping m, LogConfig defaults) throws ConfigException {
        m.allowOnly("level", "format");
        return new LogConfig(
                m.string("level", Level::parse).orElse(defaults.level()),
                m.string("format", LogFormat::parse).orElse(defaults.format()));
    }
}
