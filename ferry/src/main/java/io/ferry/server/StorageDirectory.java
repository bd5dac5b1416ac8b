package io.ferry.server;

import io.ferry.log.ErrorText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure the storage directory ({@code storage.path}, {@code --storage.path}) can hold Ferry's
 * state before anything is opened in it, so a wrong path fails at start with a sentence that names
 * the directory and the cause, not with the exception of whichever file came first.
 *
 * <pre>{@code
 * Path dir = StorageDirectory.prepare(config.storage().path());   // at start
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
final class StorageDirectory {
    private StorageDirectory() {
    }

    /**
     * Creates {@code dir} if missing and checks that a file can be created in it (a read-only mount
     * or a directory without write permission fails here); returns it as an absolute path.
     *
     * @throws IOException whose message says what is wrong with which directory
     */
    static Path prepare(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException("the storage path " + abs + " is a file, not a directory");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new IOException("cannot create the storage directory " + abs + ": " + ErrorText.reason(e), e);
        }
        try {
            Files.delete(Files.createTempFile(abs, ".ferry-write-check", null));
        } catch (IOException e) {
            throw new IOException("cannot write to the storage directory " + abs + ": " + ErrorText.reason(e), e);
        }
        return abs;
    }
}
