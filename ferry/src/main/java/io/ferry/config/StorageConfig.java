package io.ferry.config;

import java.nio.file.Path;

/**
 * The {@code storage:} section: where Ferry keeps its state.
 *
 * @param path the state directory, created at start ({@code path}, flag {@code --storage.path})
 */
public record StorageConfig(Path path) {
}
