package io.ferry.server;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a start has opened so far, for closing it all, newest first, when a later step fails: a
 * store left open would keep its directory locked for the rest of the JVM, a thread left running
 * would keep it alive.
 *
 * <pre>{@code
 * OpenedSoFar opened = new OpenedSoFar();
 * try {
 *     Store store = opened.add(Store.open(dir));
 *     return new Server(store, opened.add(Listener.bind(port)));
 * } catch (Throwable t) {
 *     opened.closeAfter(t);
 *     throw t;
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one start uses it, on one thread.
 */
final class OpenedSoFar {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Takes {@code part} to close should a later step fail; returns it. */
    <T extends AutoCloseable> T add(T part) {
        opened.push(part);
        return part;
    }

    /**
     * Closes every part, newest first; a part that fails to close is added to {@code cause} as
     * suppressed and does not keep the older ones open.
     */
    void closeAfter(Throwable cause) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Throwable t) {
                cause.addSuppressed(t);
            }
        }
    }
}
