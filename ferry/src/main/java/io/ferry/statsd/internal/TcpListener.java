package io.ferry.statsd.internal;

import io.ferry.log.Log;
import io.ferry.log.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The StatsD TCP listener: one virtual thread per connection reads newline-ended lines and hands
 * each run of whole lines to the parse workers as one {@link PacketBatch} (waiting when the queue is
 * full, so TCP's flow control slows the sender rather than losing lines).
 *
 * <pre>{@code
 * TcpListener tcp = TcpListener.open(new InetSocketAddress(9125), limits, queue, metrics);
 * tcp.close();
 * }</pre>
 *
 * <p>Limits (docs/security.md): at most {@code maxConnections} connections (more are closed at once
 * and counted); a connection that sends nothing for {@code idleTimeoutMillis} is closed; a line
 * longer than {@code maxLineBytes} is counted and closes its connection, as statsd_exporter does
 * with a line its reader cannot hold, and this bounds a line that never ends too. A last line
 * without a newline is parsed when the sender closes its side, as statsd_exporter's reader does.
 */
public final class TcpListener implements AutoCloseable {
    private static final Logger LOG = Log.logger();
    private static final int FIRST_BUFFER = 16 * 1024;

    /** The TCP limits. */
    public record Limits(int maxConnections, long idleTimeoutMillis, int maxLineBytes) {
    }

    private final ServerSocket server;
    private final Limits limits;
    private final BatchQueue queue;
    private final ListenerMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpListener(ServerSocket server, Limits limits, BatchQueue queue, ListenerMetrics metrics) {
        this.server = server;
        this.limits = limits;
        this.queue = queue;
        this.metrics = metrics;
        this.acceptor = Thread.ofPlatform().name("ferry-statsd-tcp-accept").daemon(true).unstarted(this::accept);
    }

    public static TcpListener open(InetSocketAddress address, Limits limits, BatchQueue queue, ListenerMetrics metrics)
            throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 128);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        TcpListener l = new TcpListener(server, limits, queue, metrics);
        l.acceptor.start();
        return l;
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("StatsD TCP accept failed", "err", e);
                }
                continue;
            }
            if (open.incrementAndGet() > limits.maxConnections()) {
                open.decrementAndGet();
                metrics.tcpRejected.inc();
                closeQuietly(s);
                continue;
            }
            metrics.tcpConnections.inc();
            connections.add(s);
            Thread.ofVirtual().name("ferry-statsd-tcp-conn").start(() -> serve(s));
        }
    }

    /** Reads one connection until it ends, breaks a limit, or the listener closes. */
    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limits.idleTimeoutMillis()));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[Math.min(FIRST_BUFFER, limits.maxLineBytes() + 1)];
            int len = 0;        // bytes held: the start of a line not yet ended
            while (true) {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, limits.maxLineBytes() + 1));
                }
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    if (len > 0) {
                        // The sender closed after a last line without a newline.
                        byte[] last = Arrays.copyOf(buf, len + 1);
                        last[len] = '\n';
                        queue.put(PacketBatch.lines(last, last.length));
                    }
                    return;
                }
                int lineStart = 0;   // what is held has no newline: it is the start of one line
                int end = len + n;
                boolean tooLong = false;
                for (int i = len; i < end && !tooLong; i++) {
                    if (buf[i] == '\n') {
                        tooLong = i - lineStart > limits.maxLineBytes();
                        lineStart = tooLong ? lineStart : i + 1;
                    }
                }
                if (tooLong || end - lineStart > limits.maxLineBytes()) {
                    // The lines before it were sent first, as statsd_exporter parses them before it stops.
                    if (lineStart > 0) {
                        queue.put(PacketBatch.lines(buf, lineStart));
                    }
                    metrics.tcpTooLongLines.inc();
                    return;
                }
                if (lineStart > 0) {
                    queue.put(PacketBatch.lines(buf, lineStart));
                    System.arraycopy(buf, lineStart, buf, 0, end - lineStart);
                }
                len = end - lineStart;
            }
        } catch (SocketTimeoutException e) {
            metrics.tcpIdleTimeouts.inc();
        } catch (SocketException e) {
            if (!closed) {
                metrics.tcpConnectionErrors.inc();
            }
        } catch (IOException e) {
            metrics.tcpConnectionErrors.inc();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(s);
            open.decrementAndGet();
        }
    }

    /** Stops accepting, closes every connection; returns once the acceptor ended. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket s : connections) {
            closeQuietly(s);
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing anyway.
        }
    }
}
