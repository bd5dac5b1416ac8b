package io.ferry.config;

import io.ferry.log.Level;
import io.ferry.log.LogFormat;

/**
 * The {@code log:} section.
 *
 * @param level  the lowest level written ({@code level}, flag {@code --log.level})
 * @param format logfmt or json ({@code format}, flag {@code --log.format})
 */
public record LogConfig(Level level, LogFormat format) {
}
