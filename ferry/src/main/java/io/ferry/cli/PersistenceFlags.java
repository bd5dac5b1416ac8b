package io.ferry.cli;

import io.ferry.config.FerryConfig;
import io.ferry.model.GoDuration;
import io.ferry.config.StorageConfig;
import io.ferry.log.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the Pushgateway's {@code --persistence.file} and {@code --persistence.interval} mean to
 * Ferry, whose store is always durable under {@code storage.path}: the file only chooses the
 * storage directory, {@code <file>.ferry}, when neither {@code --storage.path} nor the config file
 * sets one, so a Pushgateway unit's state stays where its operator put it; the interval is ignored.
 * The Pushgateway's own file is never read or written.
 */
final class PersistenceFlags {
    /** Appended to {@code --persistence.file} to name the storage directory it chooses. */
    static final String DIRECTORY_SUFFIX = ".ferry";

    private PersistenceFlags() {
    }

    /** The defaults a config file is read over: with a persistence file, storage goes beside it. */
    static FerryConfig defaults(String file) {
        if (file == null || file.isEmpty()) {
            return FerryConfig.DEFAULTS;
        }
        return FerryConfig.DEFAULTS.withStorage(new StorageConfig(directoryFor(file)));
    }

    static Path directoryFor(String file) {
        return Path.of(file + DIRECTORY_SUFFIX);
    }

    /** Logs what the flags given do with {@code config}; nothing when neither is given. */
    static void explain(Logger log, String file, Duration interval, FerryConfig config) {
        if (interval != null) {
            log.info("--persistence.interval is accepted and ignored: every change is written to the write-ahead log "
                    + "before it is acknowledged", "interval", GoDuration.format(interval));
        }
        if (file == null) {
            return;
        }
        Path storage = config.storage().path();
        if (file.isEmpty()) {
            log.info("--persistence.file is empty, yet Ferry keeps its state on disk", "storage_path", storage);
            return;
        }
        if (storage.equals(directoryFor(file))) {
            log.info("storage directory chosen from --persistence.file", "storage_path", storage);
        } else {
            log.info("--persistence.file is ignored: the storage path is set", "storage_path", storage);
        }
        if (Files.exists(Path.of(file))) {
            log.warn("the Pushgateway's persistence file is not read: its groups are not imported", "file", file);
        }
    }
}
