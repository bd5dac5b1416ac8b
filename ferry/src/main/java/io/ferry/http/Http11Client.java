package io.ferry.http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Ferry's one HTTP client (scrapes, remote write, http_sd, the tunnel client, the push command):
 * blocking exchanges on the calling thread (a scrape loop's or a sender's virtual thread), over
 * keep-alive connections pooled by origin. No thread of its own runs an exchange, so a round of
 * scrapes costs the scrapes and nothing beside. Built by {@link HttpClientFactory} from
 * prometheus.yml's client settings, or directly where there are none.
 *
 * <pre>{@code
 * try (Http11Client client = new HttpClientFactory(settings, configDir).newHttp11Client(timeout)) {
 *     ClientResponse r = client.send(ClientRequest.get(url).withHeader("Accept", "text/plain"),
 *             System.nanoTime() + timeout.toNanos(), status -> BodyLimit.failAbove(1 << 20, 64 << 10));
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Deadline.</b> Each send ends by its deadline, and then throws
 *       {@link SocketTimeoutException}: connecting, the TLS handshake and every read by socket
 *       timeouts set to what is left of it; writing a request body (which no socket timeout bounds)
 *       by closing the connection when the deadline passes, which fails a blocked write at once.
 *   <li><b>Keep-alive.</b> A connection whose response was read to its end goes back to the pool
 *       (at most {@value #MAX_IDLE_PER_ORIGIN} idle per origin, none idle longer than
 *       {@link #MAX_IDLE}: those of origins no longer asked, a target that went, are closed by a
 *       sweep of the whole pool at most once per {@link #MAX_IDLE}); one that is not (a body past its {@link BodyLimit}, a failure, a
 *       {@code Connection: close}) is closed. A reused connection the server closed while idle is
 *       retried once on a new one, when no byte of the answer had come.
 *   <li><b>Proxy.</b> An HTTP proxy gets {@code http://} requests in absolute form and a
 *       {@code CONNECT} tunnel for {@code https://} ones, as Prometheus' {@code proxy_url} does,
 *       each with the proxy's {@code Proxy-Authorization} when it has one.
 *   <li><b>TLS.</b> The context and parameters given (trust, client certificate, protocols, SNI);
 *       the server's host name is checked against its certificate unless the context's trust manager
 *       does its own check ({@code server_name}, {@code insecure_skip_verify}).
 *   <li><b>Redirects</b>, when followed: 301, 302, 303, 307 and 308, at most
 *       {@value #MAX_REDIRECTS}, never from https to http; 303 (and 301 or 302 after a POST)
 *       continue as a GET without body.
 * </ul>
 *
 * <p>Thread-safe: any number of threads send at once, each on a connection of its own.
 * {@link #close()} closes the idle connections; a send still running finishes, and its connection
 * is closed after it.
 */
public final class Http11Client implements AutoCloseable {
    static final int MAX_IDLE_PER_ORIGIN = 32;
    static final Duration MAX_IDLE = Duration.ofMinutes(5);
    static final int MAX_REDIRECTS = 10;
    /** Closes a connection whose request body is still being written at the deadline; idle but for that. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private final int connectTimeoutMillis;
    private final boolean followRedirects;
    private final SSLContext tls;
    private final SSLParameters tlsParameters;
    private final InetSocketAddress proxy;
    private final String proxyAuthorization;
    private final Map<String, Deque<Http11Connection>> idle = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime() + MAX_IDLE.toNanos());
    private volatile boolean closed;

    /**
     * @param tls           null: the JDK's default context (its trusted roots)
     * @param tlsParameters protocols and server names to use, or null for the defaults
     * @param proxy         an HTTP proxy, resolved at each connection; null for none
     * @param proxyAuthorization the proxy's {@code Proxy-Authorization} value, or null to send none
     */
    public Http11Client(Duration connectTimeout, boolean followRedirects, SSLContext tls, SSLParameters tlsParameters,
                        InetSocketAddress proxy, String proxyAuthorization) {
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        this.followRedirects = followRedirects;
        this.tls = tls;
        this.tlsParameters = tlsParameters;
        this.proxy = proxy;
        this.proxyAuthorization = proxyAuthorization;
    }

    /** A client with no settings: the JDK's trusted roots and protocols, no proxy. */
    public static Http11Client direct(Duration connectTimeout, boolean followRedirects) {
        return new Http11Client(connectTimeout, followRedirects, null, null, null, null);
    }

    public boolean followsRedirects() {
        return followRedirects;
    }

    /** The proxy every request goes through, or null. */
    public InetSocketAddress proxy() {
        return proxy;
    }

    /**
     * Sends {@code request} and reads its answer, following redirects if this client does.
     *
     * @param deadlineNanos on the {@link System#nanoTime()} scale
     * @param bodies        how much of the body to read, by status
     * @throws SocketTimeoutException    when the deadline passed
     * @throws LimitedBody.TooLarge      when a body is past a {@link BodyLimit#failAbove} limit
     * @throws InterruptedException      when the calling thread was interrupted (its connection is closed)
     * @throws IOException               for what the network or the server did, in the JDK's words
     */
    public ClientResponse send(ClientRequest request, long deadlineNanos, IntFunction<BodyLimit> bodies)
            throws IOException, InterruptedException {
        ClientRequest r = request;
        for (int redirects = 0; ; redirects++) {
            ClientResponse response = exchange(r, deadlineNanos, bodies);
            URI next = followRedirects ? redirect(r.uri(), response) : null;
            if (next == null) {
                return response;
            }
            if (redirects == MAX_REDIRECTS) {
                throw new IOException("stopped after " + MAX_REDIRECTS + " redirects");
            }
            r = r.redirectedTo(next, response.status());
        }
    }

    /** Where a redirect leads, or null when {@code response} is none this client follows. */
    private static URI redirect(URI from, ClientResponse response) {
        int s = response.status();
        String location = response.header("Location");
        if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308 || location == null) {
            return null;
        }
        URI to;
        try {
            to = from.resolve(URI.create(location.strip()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        boolean downgrade = scheme.equals("http") && from.getScheme().equalsIgnoreCase("https");
        return (scheme.equals("http") || scheme.equals("https")) && UrlHost.of(to).isPresent() && !downgrade ? to : null;
    }

    private ClientResponse exchange(ClientRequest request, long deadlineNanos, IntFunction<BodyLimit> bodies)
            throws IOException, InterruptedException {
        URI uri = request.uri();
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String origin = (https ? "https://" : "http://") + hostPort(uri, https);
        byte[] head = head(request, https);
        boolean noBody = request.method().equals("HEAD");
        for (int attempt = 0; ; attempt++) {
            Http11Connection c = attempt == 0 ? pooled(origin) : null;
            boolean reused = c != null;
            if (c == null) {
                c = open(uri, https, deadlineNanos);
            }
            // A read waits at most until the deadline; a write of a body, which no socket timeout
            // bounds, is ended by closing the connection when the deadline passes.
            ScheduledFuture<?> watch = request.bodyLength() > 0 ? watch(c, deadlineNanos) : null;
            ClientResponse response;
            try {
                response = c.exchange(head, request, noBody, bodies, deadlineNanos);
            } catch (IOException | RuntimeException e) {
                c.close();
                failed(e, deadlineNanos);
                if (reused && !c.answered() && e instanceof IOException) {
                    continue; // the server closed it while idle: once more on a new connection
                }
                throw e;
            } finally {
                if (watch != null) {
                    watch.cancel(false);
                }
            }
            release(origin, c);
            return response;
        }
    }

    private static ScheduledFuture<?> watch(Http11Connection c, long deadlineNanos) throws SocketTimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            c.close();
            throw timedOut();
        }
        return DEADLINES.schedule(c::close, left, TimeUnit.NANOSECONDS);
    }

    /** Turns a failure into the deadline's or the interrupt's when one of them caused it. */
    private static void failed(Exception e, long deadlineNanos) throws SocketTimeoutException, InterruptedException {
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            InterruptedException i = new InterruptedException("interrupted during an HTTP exchange");
            i.initCause(e);
            throw i;
        }
        if (e instanceof IOException && System.nanoTime() - deadlineNanos >= 0) {
            throw timedOut();
        }
    }

    private static SocketTimeoutException timedOut() {
        return new SocketTimeoutException("request timed out");
    }

    private Http11Connection pooled(String origin) {
        Deque<Http11Connection> q = idle.get(origin);
        if (q == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Http11Connection c = q.pollLast(); c != null; c = q.pollLast()) {
            if (now - c.idleSince() < MAX_IDLE.toNanos()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void release(String origin, Http11Connection c) {
        if (!c.reusable() || closed) {
            c.close();
            return;
        }
        Deque<Http11Connection> q = idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>());
        if (q.size() >= MAX_IDLE_PER_ORIGIN) {
            c.close();
            return;
        }
        long now = System.nanoTime();
        c.idleSince(now);
        q.addLast(c);
        if (closed && q.remove(c)) {
            c.close(); // close() ran while this one came back
        }
        long due = nextSweepNanos.get();
        if (now - due >= 0 && nextSweepNanos.compareAndSet(due, now + MAX_IDLE.toNanos())) {
            closeIdleSince(now - MAX_IDLE.toNanos());
        }
    }

    /**
     * Closes every pooled connection idle since before {@code nanos}, in every origin. Taking a
     * connection checks its age only for its own origin, so without this the connections to
     * targets that went (service discovery moves them) would stay open until the client closes.
     *
     * @return how many were closed
     */
    int closeIdleSince(long nanos) {
        int n = 0;
        for (Deque<Http11Connection> q : idle.values()) {
            for (Http11Connection c : q) {
                if (c.idleSince() - nanos < 0 && q.remove(c)) { // a take that won the race keeps it
                    c.close();
                    n++;
                }
            }
        }
        return n;
    }

    /** The connections pooled now, all origins together. */
    int idleConnections() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** Connects (through the proxy, if any) and, for https, shakes hands within the deadline. */
    private Http11Connection open(URI uri, boolean https, long deadlineNanos) throws IOException, InterruptedException {
        UrlHost at = UrlHost.of(uri).orElseThrow(); // every request's URL was checked to have one
        String host = at.host();
        int port = at.portOr(https);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            InetSocketAddress to = proxy != null ? new InetSocketAddress(proxy.getHostString(), proxy.getPort())
                    : new InetSocketAddress(host, port);
            if (to.isUnresolved()) {
                throw new UnknownHostException(to.getHostString());
            }
            socket.connect(to, Math.min(connectTimeoutMillis, remainingMillis(deadlineNanos)));
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            Http11Connection plain = new Http11Connection(socket);
            if (!https) {
                socket.setSoTimeout(0);
                return plain;
            }
            if (proxy != null) {
                tunnel(plain, host, port, deadlineNanos);
            }
            SSLSocket s = (SSLSocket) factory().createSocket(socket, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (tlsParameters != null) {
                if (tlsParameters.getProtocols() != null) {
                    p.setProtocols(tlsParameters.getProtocols());
                }
                if (tlsParameters.getServerNames() != null) {
                    p.setServerNames(tlsParameters.getServerNames());
                }
            }
            s.setSSLParameters(p);
            s.setSoTimeout(remainingMillis(deadlineNanos));
            s.startHandshake();
            s.setSoTimeout(0);
            return new Http11Connection(s);
        } catch (IOException | RuntimeException e) {
            socket.close();
            failed(e, deadlineNanos);
            throw e;
        }
    }

    /** Asks the proxy for a tunnel to {@code host:port}. */
    private void tunnel(Http11Connection proxied, String host, int port, long deadlineNanos) throws IOException {
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        byte[] connect = ("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n"
                + proxyAuthorizationLine() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ClientRequest asking = new ClientRequest("CONNECT", URI.create("http://" + authority + "/"), List.of(), null, 0);
        ClientResponse answer = proxied.exchange(connect, asking, true, s -> BodyLimit.NONE, deadlineNanos);
        if (answer.status() / 100 != 2) {
            throw new IOException("the proxy refused a tunnel to " + authority + ": HTTP status " + answer.status());
        }
    }

    private SSLSocketFactory factory() throws IOException {
        try {
            return (tls != null ? tls : SSLContext.getDefault()).getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS in this JDK: " + e.getMessage(), e);
        }
    }

    private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (ms <= 0) {
            throw timedOut();
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /** The proxy's credentials as a header line, or nothing. */
    private String proxyAuthorizationLine() {
        return proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n";
    }

    /** The request line and headers, with Host, for a body Content-Length, and the proxy's credentials for it. */
    private byte[] head(ClientRequest r, boolean https) {
        URI uri = r.uri();
        StringBuilder b = new StringBuilder(256).append(r.method()).append(' ');
        boolean proxied = proxy != null && !https;
        if (proxied) {
            b.append("http://").append(hostPort(uri, false));
        }
        String path = uri.getRawPath();
        b.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            b.append('?').append(uri.getRawQuery());
        }
        b.append(" HTTP/1.1\r\nHost: ").append(hostPort(uri, https)).append("\r\n");
        if (proxied) {
            b.append(proxyAuthorizationLine());
        }
        for (int i = 0; i < r.headers().size(); i += 2) {
            b.append(r.headers().get(i)).append(": ").append(r.headers().get(i + 1)).append("\r\n");
        }
        if (r.body() != null || r.method().equals("POST") || r.method().equals("PUT")) {
            b.append("Content-Length: ").append(r.body() == null ? 0 : r.bodyLength()).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code host[:port]}, the port left out when it is the scheme's. */
    private static String hostPort(URI uri, boolean https) {
        return UrlHost.of(uri).orElseThrow().hostHeader(https);
    }

    /** Closes the idle connections; later sends still work, on connections that are closed after use. */
    @Override
    public void close() {
        closed = true;
        for (Deque<Http11Connection> q : idle.values()) {
            for (Http11Connection c = q.pollFirst(); c != null; c = q.pollFirst()) {
                c.close();
            }
        }
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ferry-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }
}
