package io.ferry.config;

import java.nio.file.Path;

/** Reads {@code storage:}. */
final class StorageSection {
    private StorageSection() {
    }

    static StorageConfig read(YamlMapping m, StorageConfig defaults) throws ConfigException {
        m.allowOnly("path", "fsync");
        // Path.of throws InvalidPathException, an IllegalArgumentException, which YamlMapping reports.
        return new StorageConfig(m.string("path", Path::of).orElse(defaults.path()),
                m.bool("fsync").orElse(defaults.fsync()));
    }
}
