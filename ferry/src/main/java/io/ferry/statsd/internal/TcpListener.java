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
 * <p>Lines are cut by a {@link LineFramer}. Limits (docs/security.md): at most {@code maxConnections} connections (more are closed at once
 * and counted); a connection that sends nothing for {@code idleTimeoutMillis} is closed; a line
 * longer than {@code maxLineBytes} is counted and closes its connection, as statsd_exporter does
 * with a line its reader cannot hold, and this bounds a line that never ends too. A last line
 * without a newline is parsed when the sender closes its side, as statsd_exporter's reader does.
 */
public final class TcpListener implements AutoCloseable {
    private static final Logger LOG = Log.logger();
    private static final long ACCEPT_RETRY_MILLIS = 100;

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
                    // Out of file descriptors, say: wait a little rather than spin and flood the log.
                    LOG.warn("StatsD TCP accept failed", "err", e);
                    pause();
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

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one connection until it ends, breaks a limit, or the listener closes. */
    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limits.idleTimeoutMillis()));
            InputStream in = s.getInputStream();
            LineFramer framer = new LineFramer(limits.maxLineBytes());
            LineFramer.Sink toWorkers = (buf, len) -> queue.put(PacketBatch.lines(buf, len));
            while (true) {
                int n = framer.readFrom(in);
                if (n < 0) {
                    framer.end(toWorkers);
                    return;
                }
                if (!framer.received(n, toWorkers)) {
                    metrics.tcpTooLongLines.inc();
                    return;
                }
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
        } catch (RuntimeException e) {
            // A fault of Ferry's own: logged and counted, not printed raw by the thread's end.
            metrics.tcpConnectionErrors.inc();
            LOG.error("StatsD TCP connection failed", "err", e);
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
