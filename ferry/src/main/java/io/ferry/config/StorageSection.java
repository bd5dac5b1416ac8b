package io.ferry.config;

import io.ferry.model.PromDuration;

import java.nio.file.Path;

/** Reads {@code storage:}. */
final class StorageSection {
    private StorageSection() {
    }

    private static long remoteWriteMaxBytes(String text) {
        long bytes = ByteSize.parse(text);
        if (bytes < StorageConfig.MIN_REMOTE_WRITE_MAX_BYTES) {
            throw new IllegalArgumentException("must be at least " + ByteSize.format(StorageConfig.MIN_REMOTE_WRITE_MAX_BYTES)
                    + ", not " + text);
        }
        return bytes;
    }

    static StorageConfig read(YamlMapping m, StorageConfig defaults) throws ConfigException {
        m.allowOnly("path", "fsync", "remote_write_max_bytes", "remote_write_flush_deadline");
        // Path.of throws InvalidPathException, an IllegalArgumentException, which YamlMapping reports.
        return new StorageConfig(m.string("path", Path::of).orElse(defaults.path()),
                m.bool("fsync").orElse(defaults.fsync()),
                m.string("remote_write_max_bytes", StorageSection::remoteWriteMaxBytes).orElse(defaults.remoteWriteMaxBytes()),
                defaults.repair(),
                m.string("remote_write_flush_deadline", PromDuration::parse).orElse(defaults.remoteWriteFlushDeadline()));
    }
}
