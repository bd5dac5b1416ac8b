package io.ferry.recordfile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Says why a file operation failed, for a log line an operator acts on: the system's reason
 * ({@code No space left on device}, {@code Read-only file system}, {@code permission denied}) with
 * the file, where the JDK's own message for a refused open is the bare path.
 *
 * <pre>{@code
 * LOG.error("writing the push log failed", "error", IoErrors.describe(e));
 * // error="permission denied: /data/push/wal-00000002"
 * }</pre>
 *
 * Stateless.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** The reason {@code e} gives, the file it names and, for an exception that names no reason, its kind. */
    public static String describe(Throwable e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason() : switch (f) {
                case AccessDeniedException a -> "permission denied";
                case NoSuchFileException n -> "no such file or directory";
                default -> f.getClass().getSimpleName();
            };
            return f.getFile() == null ? reason : reason + ": " + f.getFile();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : message + (e instanceof IOException ? "" : " (" + e.getClass().getSimpleName() + ")");
    }
}
