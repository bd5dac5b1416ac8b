package io.ferry.log;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The cause of an I/O error as a person reads it, in the words Go programs (Prometheus, the
 * Pushgateway) use: {@code connection refused}, {@code no such host},
 * {@code open ferry.yml: no such file or directory}, not a Java class name.
 *
 * <pre>{@code
 * } catch (IOException e) {
 *     throw new ScrapeException("Get \"" + uri + "\": " + ErrorText.of(e), e);
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ErrorText {
    private ErrorText() {
    }

    /** What went wrong, naming the file or the network cause; never empty. */
    public static String of(Throwable t) {
        return describe(t, true);
    }

    /**
     * As {@link #of}, without the file name where the caller names it already:
     * {@code no such file or directory}.
     */
    public static String reason(Throwable t) {
        return describe(t, false);
    }

    /**
     * A known cause in words; else the message. A wrapper that says nothing of its own (no message,
     * or its cause's {@code toString()}, as {@code ExecutionException} has) is looked through.
     */
    private static String describe(Throwable t, boolean withFile) {
        String known = known(t, withFile);
        if (known != null) {
            return known;
        }
        String m = t.getMessage();
        Throwable cause = t.getCause();
        if (cause != null && cause != t && (m == null || m.isBlank() || m.equals(cause.toString()))) {
            return describe(cause, withFile);
        }
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static String known(Throwable t, boolean withFile) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        return switch (t) {
            case UnresolvedAddressException e -> "no such host";
            case UnknownHostException e -> "lookup " + m + ": no such host";
            case NoRouteToHostException e -> "no route to host";
            // The HTTP client's refusal has no message; its cause is a closed channel.
            case ConnectException e when t.getCause() == null || t.getCause() instanceof java.nio.channels.ClosedChannelException
                    -> m.isEmpty() || m.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused" : m;
            case SocketTimeoutException e -> "i/o timeout";
            case SSLException e -> "TLS handshake failed: " + tls(t);
            case EOFException e -> "EOF: the connection closed before a full answer";
            case NoSuchFileException e -> file(e, withFile) + "no such file or directory";
            case AccessDeniedException e -> file(e, withFile) + "permission denied";
            case FileAlreadyExistsException e -> file(e, withFile) + "file exists";
            case NotDirectoryException e -> file(e, withFile) + "not a directory";
            case FileSystemException e when e.getReason() != null -> file(e, withFile) + lower(e.getReason());
            default -> {
                String l = m.toLowerCase(Locale.ROOT);
                if (l.equals("connection reset") || l.equals("connection reset by peer")) {
                    yield "connection reset by peer";
                }
                if (l.contains("received no bytes")) {
                    yield "EOF: the server closed the connection without an answer";
                }
                yield null;
            }
        };
    }

    private static String tls(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (m.contains("unable to find valid certification path")) {
            return "certificate signed by unknown authority";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "certificate is not valid for this host (" + m + ")";
        }
        if (m.contains("Unrecognized SSL message") || m.contains("unrecognized SSL message")) { // engine, socket
            return "the server did not answer in TLS (is it plain HTTP?)";
        }
        if (m.contains("Remote host terminated the handshake")) {
            // What a plain-HTTP server that closes on a TLS hello, without an answer, gives.
            return "the server closed the connection in the TLS handshake (is it plain HTTP?)";
        }
        if (m.startsWith("Received fatal alert: ")) {
            return "remote error: " + m.substring("Received fatal alert: ".length()).replace('_', ' ');
        }
        return m.isEmpty() ? t.getClass().getSimpleName() : m;
    }

    /** The file and ": ", or nothing. */
    private static String file(FileSystemException e, boolean withFile) {
        if (!withFile || e.getFile() == null) {
            return "";
        }
        return (e.getOtherFile() == null ? e.getFile() : e.getFile() + " -> " + e.getOtherFile()) + ": ";
    }

    private static String lower(String reason) {
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
