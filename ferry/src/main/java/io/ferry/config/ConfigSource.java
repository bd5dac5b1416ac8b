package io.ferry.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the running config comes from, so it can be read again ({@code /-/reload}): for
 * {@code ferry serve}, the config file as it is now with the same flags over it.
 *
 * <pre>{@code
 * ConfigSource source = ConfigSource.of(Path.of("ferry.yml"), flags::applyTo);
 * FerryConfig now = source.load();
 * }</pre>
 */
public interface ConfigSource {

    /** Reads the config again; a {@link ConfigException} names the file, line and key. */
    FerryConfig load() throws ConfigException;

    /** The config file {@link #load} reads, if any. */
    Optional<Path> file();

    /** A source with no file: every load gives {@code config}. */
    static ConfigSource fixed(FerryConfig config) {
        return new ConfigSource() {
            @Override
            public FerryConfig load() {
                return config;
            }

            @Override
            public Optional<Path> file() {
                return Optional.empty();
            }
        };
    }

    /** Reads {@code file} and applies {@code flags} over it on every load. */
    static ConfigSource of(Path file, java.util.function.UnaryOperator<FerryConfig> flags) {
        return new ConfigSource() {
            @Override
            public FerryConfig load() throws ConfigException {
                return flags.apply(ConfigLoader.load(file));
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }
}
