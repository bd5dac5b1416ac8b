package io.ferry.config;

import java.nio.file.Path;

/**
 * The {@code storage:} section: where Ferry keeps its state.
 *
 * @param path  the state directory, created at start ({@code path}, flag {@code --storage.path})
 * @param fsync force the push log to disk before acknowledging ({@code fsync}, default true); off,
 *              an acknowledged push can be lost in a power failure or kernel crash (not in a crash
 *              of Ferry alone). Meant for measuring what durability costs.
 */
public record StorageConfig(Path path, boolean fsync) {

    public StorageConfig(Path path) {
        this(path, true);
    }
}
