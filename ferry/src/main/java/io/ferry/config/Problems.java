package io.ferry.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of parts of a config file that can be read apart (sections, the items of
 * {@code scrape_configs}), so that one run of {@code ferry check config} reports them all.
 *
 * <pre>{@code
 * Problems problems = new Problems();
 * WebConfig web = problems.read(defaults.web(), () -> root.section("web", defaults.web(), WebSection::read));
 * ...
 * problems.throwIfAny();   // before anything read is used
 * }</pre>
 *
 * <p>Not thread-safe; one per read of a file.
 */
final class Problems {
    /** One part of the file, read on its own. */
    @FunctionalInterface
    interface Part<T> {
        T read() throws ConfigException;
    }

    private final List<ConfigException> found = new ArrayList<>();

    /** What {@code part} reads, or {@code fallback} (the problem kept) when it fails. */
    <T> T read(T fallback, Part<T> part) {
        try {
            return part.read();
        } catch (ConfigException e) {
            found.add(e);
            return fallback;
        }
    }

    /** Throws every problem collected, as one exception in line order. */
    void throwIfAny() throws ConfigException {
        if (!found.isEmpty()) {
            throw ConfigException.of(found);
        }
    }
}
