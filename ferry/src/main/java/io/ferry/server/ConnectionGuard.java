package io.ferry.server;

import io.ferry.config.WebLimits;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;
import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps connections from exhausting the server: caps how many are open and closes one that takes too
 * long to send a request's headers or body, or its next request.
 *
 * <pre>{@code
 * ConnectionGuard guard = new ConnectionGuard(limits, Set.of("/-/healthy", "/-/ready"), registry);
 * Vertx vertx = Vertx.builder().withTransport(new AdmittingTransport(guard::admit)).build();
 * router.route().handler(guard::route);             // first on every request
 * }</pre>
 *
 * <p>Connections are counted as they are accepted, before a byte is read or a TLS handshake is
 * made. Up to {@code --web.max-connections} are served as usual. One beyond the cap takes one of
 * {@link #PROBE_SLOTS} probe slots, which answer only the health probes, one request each; when the
 * slots are full, the oldest slot still waiting for its request is closed and counted. So a flood is
 * refused at once rather than queued, the open connections stay within the cap plus the slots, and
 * a probe, which sends its request as soon as it connects, still gets its answer.
 *
 * <p>Timeouts, each closing the connection and counted by reason: {@code read_header_timeout} from
 * the accept to the end of the first request's headers (a TLS handshake included);
 * {@code idle_timeout} from the end of an exchange to the end of the next request's headers;
 * {@code read_timeout} from the end of a request's headers to the end of its body (on HTTP/2 only
 * that stream is reset).
 *
 * <p>Thread-safety: {@link #admit} runs on the acceptor thread, {@link #route} on the connection's
 * event loop; the count, the table of connections and the probe slots are concurrent, and a
 * connection's request state is touched only on its event loop.
 */
final class ConnectionGuard {
    /** Connections served beyond the cap, for health probes only. */
    static final int PROBE_SLOTS = 8;
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);
    private static final String READ_TIMEOUT = "read_timeout";
    private static final String IDLE_TIMEOUT = "idle_timeout";
    /** How long a probe slot's HTTP/2 connection, its answer sent, waits for its client to close it. */
    private static final Duration PROBE_LINGER = Duration.ofSeconds(1);
    private static final Logger LOG = Log.logger();
    /** The name of Vert.x's idle-timeout handler in a connection's pipeline. */
    private static final String IDLE_HANDLER = "idle";
    /** A connection's {@link Admitted}, on its channel: found per request without parsing its address. */
    private static final AttributeKey<Admitted> ADMITTED = AttributeKey.valueOf("ferry.admitted");

    private final WebLimits limits;
    private final String capFlag;
    private final Set<String> probePaths;
    private final AtomicInteger open = new AtomicInteger();
    private final int maxHeld;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger heldForNobody = new AtomicInteger();
    private final Map<InetSocketAddress, Admitted> admitted = new ConcurrentHashMap<>();
    private final Deque<Admitted> probeSlots = new ConcurrentLinkedDeque<>();
    /** Probe slots on HTTP/2, answered, left for their clients to close ({@link #linger}). */
    private final Deque<Admitted> lingering = new ConcurrentLinkedDeque<>();
    private final Counter.Child rejected;
    private final Counter timedOut;
    private final AtomicLong rejectedSinceWarning = new AtomicLong();
    private final AtomicLong nextWarningNanos = new AtomicLong(System.nanoTime());

    /**
     * The HTTP port's guard. Requests held open there (the tunnel's, when it shares the port) take
     * at most half of the connection cap, so pushes, scrapes of Ferry and probes keep the rest.
     *
     * @param probePaths the paths a probe slot answers (the health probes, under the route prefix)
     */
    ConnectionGuard(WebLimits limits, Set<String> probePaths, Registry registry) {
        this(limits, probePaths, registry, "ferry_http_connections", "--web.max-connections",
                Math.max(1, limits.maxConnections() / 2));
    }

    /**
     * A guard of another listener than the HTTP port's (the tunnel's own), with metrics of its own.
     *
     * @param metricPrefix its metrics' names before {@code _open}, {@code _rejected_total}, {@code _timed_out_total}
     * @param capFlag      the flag of its connection cap, named in its warnings
     * @param maxHeld      the most requests {@link #tryHold} lets wait at once
     */
    ConnectionGuard(WebLimits limits, Set<String> probePaths, Registry registry, String metricPrefix, String capFlag,
                    int maxHeld) {
        this.limits = limits;
        this.maxHeld = maxHeld;
        this.capFlag = capFlag;
        this.probePaths = Set.copyOf(probePaths);
        this.rejected = registry.counter(metricPrefix + "_rejected_total",
                "HTTP connections closed because " + capFlag + " were open, by reason.", "reason")
                .labels("max_connections");
        this.timedOut = registry.counter(metricPrefix + "_timed_out_total",
                "HTTP connections closed for a timeout, by reason: read_header_timeout, read_timeout, idle_timeout.",
                "reason");
        for (String reason : List.of("read_header_timeout", READ_TIMEOUT, IDLE_TIMEOUT)) {
            timedOut.labels(reason); // present at 0, so alerts see the first one
        }
        registry.register(() -> List.of(new MetricFamily(metricPrefix + "_open", MetricType.GAUGE,
                "HTTP connections open now, probe slots included.", null,
                List.of(ValueMetric.of(Labels.EMPTY, open.get())))));
    }

    /** Counts an accepted connection in, within the cap or to a probe slot; an {@link AdmittingTransport.Gate}. */
    boolean admit(Channel connection, EventExecutor acceptor) {
        if (!(connection.remoteAddress() instanceof InetSocketAddress remote)) {
            return true; // not TCP: nothing to guard
        }
        Admitted a = new Admitted(this, connection, open.incrementAndGet() > limits.maxConnections());
        admitted.put(remote, a);
        connection.attr(ADMITTED).set(a);
        connection.closeFuture().addListener(f -> {
            open.decrementAndGet();
            admitted.remove(remote, a);
            probeSlots.remove(a);
            lingering.remove(a);
            a.cancelTimer();
            if (a.timeout != null) {
                a.timeout.cancel(); // on the event loop, which runs close listeners
            }
        });
        a.timer = acceptor.schedule(() -> timeOut(a, "read_header_timeout"),
                limits.readHeaderTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (a.probeOnly) {
            probeSlots.addLast(a);
            while (probeSlots.size() > PROBE_SLOTS) {
                Admitted oldest = probeSlots.pollFirst();
                if (oldest != null) {
                    reject(oldest);
                }
            }
        }
        return true;
    }

    /** The first handler of every request: times its body and the wait for the next request. */
    void route(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Admitted a = admittedOf(request.connection());
        if (a == null) {
            ctx.next();
            return;
        }
        if (a.probeOnly) {
            probeSlots.remove(a);
            if (!probePaths.contains(request.path())) {
                reject(a);
                return;
            }
            if (request.version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        }
        a.cancelTimer();
        LazyTimeout timeout = a.timeout();
        timeout.disarm(); // the idle wait, which these headers end
        a.inFlight++;
        if (!request.isEnded()) {
            if (request.version() == HttpVersion.HTTP_2) {
                // A stream's own: only it is reset.
                ScheduledFuture<?> body = a.channel.eventLoop().schedule(() -> {
                    if (a.channel.isOpen() && !request.isEnded()) {
                        timedOut.labels(READ_TIMEOUT).inc();
                        request.response().reset();
                    }
                }, limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
                request.end().onComplete(done -> body.cancel(false));
            } else {
                // HTTP/1.1 reads one request at a time: the connection's timeout serves.
                timeout.arm(READ_TIMEOUT, limits.readTimeout());
                request.end().onComplete(done -> {
                    if (READ_TIMEOUT.equals(timeout.armed())) {
                        timeout.disarm();
                    }
                });
            }
        }
        ctx.addEndHandler(done -> {
            if (a.probeOnly) { // one probe per slot
                if (request.version() == HttpVersion.HTTP_2) {
                    linger(a, request.connection());
                } else {
                    request.connection().close(); // answered with Connection: close
                }
                return;
            }
            if (--a.inFlight == 0 && a.channel.isOpen()) {
                timeout.arm(IDLE_TIMEOUT, limits.idleTimeout());
            }
        });
        ctx.next();
    }

    /**
     * Lets the request of {@code ctx} wait on purpose (a tunnel poll held until a scrape, a scrape
     * through the tunnel waiting for its client), unless {@link #maxHeld} such requests wait
     * already: then it returns false and the caller refuses the request. A held request is exempt
     * from the server's idle backstop (Vert.x's idle timeout, no bytes either way), which comes
     * back when the last held request of the connection ends. This guard's own timeouts never run
     * meanwhile: the body is read and the exchange has not ended. Call on the request's event loop.
     */
    boolean tryHold(RoutingContext ctx) {
        if (held.incrementAndGet() > maxHeld) {
            held.decrementAndGet();
            return false;
        }
        ctx.addEndHandler(done -> held.decrementAndGet());
        Admitted a = admittedOf(ctx.request().connection());
        if (a == null || !(a.channel.pipeline().get(IDLE_HANDLER) instanceof IdleStateHandler idle)) {
            return true;
        }
        if (a.held++ == 0) {
            a.backstop = idle;
            a.channel.pipeline().replace(IDLE_HANDLER, IDLE_HANDLER, new IdleStateHandler(0, 0, 0));
        }
        ctx.addEndHandler(done -> {
            if (--a.held == 0 && a.channel.isOpen() && a.channel.pipeline().get(IDLE_HANDLER) != null) {
                IdleStateHandler b = a.backstop;
                a.channel.pipeline().replace(IDLE_HANDLER, IDLE_HANDLER, new IdleStateHandler(
                        b.getReaderIdleTimeInMillis(), b.getWriterIdleTimeInMillis(), b.getAllIdleTimeInMillis(),
                        TimeUnit.MILLISECONDS));
            }
        });
        return true;
    }

    /** The most requests {@link #tryHold} lets wait at once on this listener. */
    int maxHeld() {
        return maxHeld;
    }

    /**
     * For a request already held that may wait for nobody (a scrape through the tunnel for a host
     * no client has registered: PushProx lets it wait, as a client may come): false when a quarter
     * of {@link #maxHeld} such requests wait already, so that anyone allowed to scrape cannot fill
     * the held requests with made-up hosts and starve the clients' polls.
     */
    boolean tryHoldForNobody(RoutingContext ctx) {
        if (heldForNobody.incrementAndGet() > maxHeldForNobody()) {
            heldForNobody.decrementAndGet();
            return false;
        }
        ctx.addEndHandler(done -> heldForNobody.decrementAndGet());
        return true;
    }

    int maxHeldForNobody() {
        return Math.max(1, maxHeld / 4);
    }

    /**
     * Ends a probe slot's HTTP/2 connection once its client has read the answer. An HTTP/2 client
     * sends frames of its own after its request (settings acknowledged, window updates); a socket
     * closed with such bytes unread is reset by the kernel, and the reset makes the client's kernel
     * discard the answer if the client has not read it yet (about one probe in twelve over TLS on
     * loopback). So the server sends GOAWAY and leaves the close to the client, closing it itself
     * after {@link #PROBE_LINGER}; at most {@link #PROBE_SLOTS} connections wait so, the oldest
     * closed at once beyond that, so that a flood of probes holds no more connections than before.
     */
    private void linger(Admitted a, HttpConnection connection) {
        if (a.lingers) {
            return; // a second stream of the same connection, answered too
        }
        a.lingers = true;
        connection.goAway(0); // NO_ERROR
        lingering.addLast(a);
        while (lingering.size() > PROBE_SLOTS) {
            Admitted oldest = lingering.pollFirst();
            if (oldest != null) {
                oldest.channel.close();
            }
        }
        a.channel.eventLoop().schedule(() -> a.channel.close(), PROBE_LINGER.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void timeOut(Admitted a, String reason) {
        if (a.channel.isOpen()) {
            timedOut.labels(reason).inc();
            a.channel.close();
        }
    }

    private void reject(Admitted a) {
        rejected.inc();
        rejectedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long next = nextWarningNanos.get();
        if (now - next >= 0 && nextWarningNanos.compareAndSet(next, now + WARN_INTERVAL.toNanos())) {
            LOG.warn("refusing HTTP connections: the connection limit is reached",
                    "max_connections", limits.maxConnections(), "probe_slots", PROBE_SLOTS,
                    "refused", rejectedSinceWarning.getAndSet(0), "flag", capFlag);
        }
        a.channel.close();
    }

    /**
     * The admitted connection a request came on, or null when it was not counted (not TCP). Read from
     * the channel where Vert.x exposes it, by the client's address otherwise (the connection of an
     * HTTP/2 stream, for one).
     */
    private Admitted admittedOf(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            Admitted a = base.channel().attr(ADMITTED).get();
            if (a != null && a.guard == this) {
                return a;
            }
        }
        InetSocketAddress key = key(connection.remoteAddress(true));
        return key == null ? null : admitted.get(key);
    }

    /** The key a request's connection is found under: the client's address and port. */
    private static InetSocketAddress key(SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(remote.hostAddress()), remote.port());
        } catch (UnknownHostException | RuntimeException e) {
            return null; // not an IP address: not guarded
        }
    }

    /** One admitted connection; its request state is touched only on its event loop. */
    private static final class Admitted {
        final ConnectionGuard guard; // the one that counted it: a connection is another listener's business
        final Channel channel;
        final boolean probeOnly;
        int inFlight;
        int held;
        boolean lingers;
        IdleStateHandler backstop;
        /** The read-header timeout's, scheduled at the accept on the acceptor: until the first request. */
        volatile ScheduledFuture<?> timer;
        /** The idle and HTTP/1.1 read timeouts', on the event loop: made at the first request. */
        private LazyTimeout timeout;

        Admitted(ConnectionGuard guard, Channel channel, boolean probeOnly) {
            this.guard = guard;
            this.channel = channel;
            this.probeOnly = probeOnly;
        }

        void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
                timer = null;
            }
        }

        LazyTimeout timeout() {
            if (timeout == null) {
                EventExecutor loop = channel.eventLoop();
                timeout = new LazyTimeout((check, delayNanos) -> loop.schedule(check, delayNanos, TimeUnit.NANOSECONDS),
                        System::nanoTime, reason -> guard.timeOut(this, reason));
            }
            return timeout;
        }
    }
}
