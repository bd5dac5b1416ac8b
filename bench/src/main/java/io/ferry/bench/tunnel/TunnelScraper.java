package io.ferry.bench.tunnel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The scraper of the tunnel benchmark, standing in for Prometheus: it scrapes every one of CLIENTS
 * tunnel clients once per INTERVAL through the proxy, as Prometheus does with {@code proxy_url}
 * (an absolute-form {@code GET http://<fqdn>:<port>/metrics} with Prometheus' {@code Accept},
 * {@code Accept-Encoding: gzip} and {@code X-Prometheus-Scrape-Timeout-Seconds}), spread evenly
 * over the interval, and, interleaved, scrapes the same target server directly for the baseline.
 * It waits until the proxy's {@code /clients} lists every client, scrapes for WARMUP seconds, then
 * measures STEADY seconds, and prints latency percentiles of both paths, failures, and the CPU and
 * RSS of the proxy's and the clients' processes.
 *
 * <pre>
 * PROXY=127.0.0.1:9400 TARGET=127.0.0.1:9401 PIDS=proxy=123,clients=456 \
 *   java -cp bench/target/benchmarks.jar io.ferry.bench.tunnel.TunnelScraper
 * </pre>
 *
 * <p>Open loop: each scrape has a planned start on a fixed schedule and its latency counts from
 * that plan to the last byte of the body, so a stalled proxy shows as latency rather than as fewer
 * scrapes. A scrape is lost when it is not answered 200 with the whole body (as long as the direct
 * one) by its planned start plus TIMEOUT. Each scrape runs on its own virtual thread, over a
 * kept-alive connection taken from a pool (a new one when none is idle, as Go's transport does).
 * Environment: see {@link Settings}. Exits 1 when a goal is missed.
 */
public final class TunnelScraper {
    private static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final long WINDOW_NANOS = 10_000_000_000L;

    /**
     * The environment the scraper reads: PROXY (host:port, where scrapes go in absolute form),
     * PROXY_HTTP [http://PROXY] (its /clients), METRICS_URL [PROXY_HTTP/metrics] (the proxy's own
     * metrics, printed at the end), TARGET (host:port of the target server, scraped directly),
     * URL_PORT [TARGET's port] (the port in the scraped URLs), CLIENTS [10000], INTERVAL [15] s,
     * TIMEOUT [10] s, WARMUP [60] s, RAMP [half the warm-up, at most 30] s, STEADY [180] s,
     * DIRECT_EVERY [5], PIDS (name=pid,...: processes whose CPU and RSS are reported; "proxy" is the
     * one the RSS goal is about), CLK_TCK [100], REGISTER_TIMEOUT [600] s (0: do not wait for
     * /clients).
     */
    record Settings(String proxy, String proxyHttp, String metricsUrl, String target, int urlPort, int clients,
                    int intervalSeconds, int timeoutSeconds, int warmupSeconds, int rampSeconds, int steadySeconds,
                    int directEvery,
                    Map<String, Long> pids, double clockTicks, int registerTimeoutSeconds) {
        static Settings fromEnvironment() {
            String proxy = Env.get("PROXY", null);
            String target = Env.get("TARGET", null);
            Map<String, Long> pids = new java.util.LinkedHashMap<>();
            for (String p : Env.get("PIDS", "").split(",")) {
                if (!p.isBlank()) {
                    String[] kv = p.split("=", 2);
                    pids.put(kv[0], Long.parseLong(kv[1]));
                }
            }
            String proxyHttp = Env.get("PROXY_HTTP", "http://" + proxy);
            int warmup = Integer.parseInt(Env.get("WARMUP", "60"));
            return new Settings(proxy, proxyHttp, Env.get("METRICS_URL", proxyHttp + "/metrics"), target,
                    Integer.parseInt(Env.get("URL_PORT", target.substring(target.lastIndexOf(':') + 1))),
                    Integer.parseInt(Env.get("CLIENTS", "10000")), Integer.parseInt(Env.get("INTERVAL", "15")),
                    Integer.parseInt(Env.get("TIMEOUT", "10")), warmup, Integer.parseInt(Env.get("RAMP", "" + Math.min(30, warmup / 2))),
                    Integer.parseInt(Env.get("STEADY", "180")), Integer.parseInt(Env.get("DIRECT_EVERY", "5")), pids,
                    Double.parseDouble(Env.get("CLK_TCK", "100")), Integer.parseInt(Env.get("REGISTER_TIMEOUT", "600")));
        }

    }

    private enum Route { TUNNEL, DIRECT }

    /** Counts and latencies of one route over one span of planned starts. */
    private static final class Tally {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        final Latencies latencies = new Latencies();

        long failed() {
            return failures.values().stream().mapToLong(AtomicLong::get).sum();
        }

        void fail(String reason) {
            failures.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }
    }

    /** One place scrapes go, with its idle kept-alive connections. */
    private static final class Destination {
        final InetSocketAddress address;
        final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();

        Destination(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            address = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }

        /** An idle connection, or a new one when there is none or {@code fresh} asks for one. */
        HttpConnection take(long deadlineNanos, boolean fresh) throws IOException {
            HttpConnection c = fresh ? null : idle.pollFirst();
            if (c != null) {
                return c;
            }
            int timeoutMs = (int) Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
            c = HttpConnection.open(address, timeoutMs);
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            return c;
        }

        void give(HttpConnection c) {
            idle.addFirst(c);
        }

        void discard(HttpConnection c) {
            c.close();
            open.decrementAndGet();
        }
    }

    private final Settings s;
    private final Destination proxy;
    private final Destination direct;
    private final byte[][] tunnelRequests;
    private final byte[] directRequest;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong lateStarts = new AtomicLong();
    private final AtomicLong maxStartLagNanos = new AtomicLong();
    private final Map<Long, Tally[]> windows = new ConcurrentHashMap<>();
    private final Tally[] warmup = {new Tally(), new Tally()};
    private final Tally[] steady = {new Tally(), new Tally()};
    private long expectedBodyBytes;
    private long t0;
    private long steadyFrom;
    private long steadyTo;
    private ProcessSampler sampler;

    private TunnelScraper(Settings s) {
        this.s = s;
        this.proxy = new Destination(s.proxy());
        this.direct = new Destination(s.target());
        this.intervalNanos = s.intervalSeconds() * 1_000_000_000L;
        this.timeoutNanos = s.timeoutSeconds() * 1_000_000_000L;
        String common = "User-Agent: Prometheus/2.42.0\r\nAccept: " + ACCEPT + "\r\nAccept-Encoding: gzip\r\n"
                + "X-Prometheus-Scrape-Timeout-Seconds: " + s.timeoutSeconds() + "\r\n\r\n";
        this.tunnelRequests = new byte[s.clients()][];
        for (int i = 0; i < s.clients(); i++) {
            String hostPort = TunnelClients.fqdn(i) + ":" + s.urlPort();
            tunnelRequests[i] = HttpConnection.ascii("GET http://" + hostPort + "/metrics HTTP/1.1\r\nHost: " + hostPort
                    + "\r\n" + common);
        }
        this.directRequest = HttpConnection.ascii("GET /metrics HTTP/1.1\r\nHost: " + s.target() + "\r\n" + common);
    }

    public static void main(String[] args) throws Exception {
        TunnelScraper scraper = new TunnelScraper(Settings.fromEnvironment());
        System.exit(scraper.run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        List<Long> pids = new ArrayList<>(s.pids().values());
        pids.add(ProcessHandle.current().pid());
        sampler = ProcessSampler.start(pids, s.clockTicks());
        expectedBodyBytes = baselineBodyBytes();
        log("direct target %s: %d bytes gzip'd per scrape", s.target(), expectedBodyBytes);
        if (s.registerTimeoutSeconds() > 0) {
            awaitRegistration();
        }
        t0 = System.nanoTime() + 1_000_000_000L;
        steadyFrom = t0 + s.warmupSeconds() * 1_000_000_000L;
        steadyTo = steadyFrom + s.steadySeconds() * 1_000_000_000L;
        log("scraping %d clients every %d s (%.1f/s through the proxy, %.1f/s direct), timeout %d s: "
                        + "%d s warm-up (the first %d s ramping up), then %d s measured", s.clients(), s.intervalSeconds(),
                s.clients() / (double) s.intervalSeconds(), s.clients() / (double) s.intervalSeconds() / s.directEvery(),
                s.timeoutSeconds(), s.warmupSeconds(), s.rampSeconds(), s.steadySeconds());
        Thread reporter = Thread.ofPlatform().daemon().name("window-reporter").start(this::reportWindows);
        schedule();
        long drainUntil = System.nanoTime() + timeoutNanos + 5_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        reporter.interrupt();
        reporter.join();
        printWindowsFrom(lastPrinted + 1, Long.MAX_VALUE);
        sampler.stop();
        printProxyMetrics();
        return summarize();
    }

    /**
     * Starts every scrape at its planned time until the steady window ends. In the first RAMP
     * seconds of the warm-up, a growing share of them (from none to all, in proportion to the time
     * gone) is started, so that three cold JVMs are not met with the whole load at once.
     */
    private void schedule() {
        long slot = intervalNanos / s.clients();
        long rampNanos = s.rampSeconds() * 1_000_000_000L;
        for (long k = 0; ; k++) {
            int i = (int) (k % s.clients());
            long planned = t0 + (k / s.clients()) * intervalNanos + i * slot;
            if (planned >= steadyTo) {
                return;
            }
            // frac(k times the golden ratio) spreads the scrapes kept in the ramp evenly over the clients.
            if (planned - t0 < rampNanos && (k * 0.6180339887498949) % 1.0 >= (planned - t0) / (double) rampNanos) {
                continue;
            }
            for (long now = System.nanoTime(); now < planned; now = System.nanoTime()) {
                LockSupport.parkNanos(planned - now);
            }
            long lag = System.nanoTime() - planned;
            maxStartLagNanos.accumulateAndGet(lag, Math::max);
            if (lag > 5_000_000L) {
                lateStarts.incrementAndGet();
            }
            Thread.startVirtualThread(() -> scrape(Route.TUNNEL, tunnelRequests[i], planned));
            if (k % s.directEvery() == 0) {
                // Half a slot later: the two routes interleave rather than arrive together.
                long plannedDirect = planned + slot / 2;
                Thread.startVirtualThread(() -> {
                    LockSupport.parkNanos(plannedDirect - System.nanoTime());
                    scrape(Route.DIRECT, directRequest, plannedDirect);
                });
            }
        }
    }

    private void scrape(Route route, byte[] request, long planned) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Tally[] phase = planned < steadyFrom ? warmup : steady;
        Tally[] window = windows.computeIfAbsent((planned - t0) / WINDOW_NANOS, w -> new Tally[] {new Tally(), new Tally()});
        Tally p = phase[route.ordinal()];
        Tally w = window[route.ordinal()];
        p.sent.incrementAndGet();
        w.sent.incrementAndGet();
        String failure;
        try {
            HttpConnection.Response r = exchange(route == Route.TUNNEL ? proxy : direct, request, planned + timeoutNanos);
            long latency = System.nanoTime() - planned;
            if (r.status() != 200) {
                failure = "status " + r.status();
            } else if (r.bodyBytes() != expectedBodyBytes || !r.contentEncoding().equalsIgnoreCase("gzip")) {
                failure = "body of " + r.bodyBytes() + " bytes, Content-Encoding '" + r.contentEncoding() + "'";
            } else if (latency > timeoutNanos) {
                failure = "answered after the timeout";
            } else {
                failure = null;
                p.ok.incrementAndGet();
                w.ok.incrementAndGet();
                p.latencies.add(latency);
                w.latencies.add(latency);
            }
        } catch (SocketTimeoutException e) {
            failure = "timeout";
        } catch (IOException e) {
            failure = "io: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            failure = "bad response: " + e;
        } finally {
            inFlight.decrementAndGet();
        }
        if (failure != null) {
            p.fail(failure);
            w.fail(failure);
        }
    }

    /** One request on a pooled connection; once more on a new one when a reused connection turned out closed. */
    private static HttpConnection.Response exchange(Destination d, byte[] request, long deadline) throws IOException {
        for (int attempt = 0; ; attempt++) {
            HttpConnection c = d.take(deadline, attempt > 0);
            try {
                HttpConnection.Response r = c.exchange(request, deadline);
                if (r.keepAlive()) {
                    d.give(c);
                } else {
                    d.discard(c);
                }
                return r;
            } catch (HttpConnection.NoResponseException | java.net.SocketException e) {
                d.discard(c);
                if (!c.reused() || attempt > 0) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                d.discard(c);
                throw e;
            }
        }
    }

    private long baselineBodyBytes() throws IOException {
        HttpConnection.Response r = exchange(direct, directRequest, System.nanoTime() + 10_000_000_000L);
        if (r.status() != 200 || !r.contentEncoding().equalsIgnoreCase("gzip")) {
            throw new IOException("the target answered " + r.status() + " with Content-Encoding '" + r.contentEncoding() + "'");
        }
        return r.bodyBytes();
    }

    /** Waits until the proxy's /clients lists every client. */
    private void awaitRegistration() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(s.proxyHttp() + "/clients")).timeout(Duration.ofSeconds(30)).build();
        long start = System.nanoTime();
        long deadline = start + s.registerTimeoutSeconds() * 1_000_000_000L;
        int last = -1;
        while (true) {
            int listed = -1;
            try {
                HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                listed = r.statusCode() == 200 ? count(r.body(), TunnelClients.FQDN_SUFFIX) : -1;
            } catch (IOException e) {
                log("/clients: %s", e);
            }
            if (listed != last) {
                log("/clients lists %d of %d clients (%.0f s)", listed, s.clients(), (System.nanoTime() - start) / 1e9);
                last = listed;
            }
            if (listed >= s.clients()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + listed + " of " + s.clients() + " clients registered after "
                        + s.registerTimeoutSeconds() + " s");
            }
            Thread.sleep(1000);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }

    private volatile long lastPrinted = -1;

    /** Every 10 s, prints each window whose scrapes have all reached their deadline. */
    private void reportWindows() {
        log("window: start s, phase; tunnel ok/sent, p50/p99/max ms; direct p50/p99 ms; failed; proxy cores, RSS MiB, "
                + "open files; clients cores, RSS MiB, open files; machine busy cores");
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(WINDOW_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                return;
            }
            long settled = (System.nanoTime() - timeoutNanos - 2_000_000_000L - t0) / WINDOW_NANOS;
            printWindowsFrom(lastPrinted + 1, settled);
        }
    }

    private synchronized void printWindowsFrom(long first, long endExclusive) {
        for (long k = first; k < endExclusive && windows.containsKey(k); k++) {
            Tally[] w = windows.get(k);
            long from = t0 + k * WINDOW_NANOS;
            long to = from + WINDOW_NANOS;
            Latencies.Summary t = w[0].latencies.summary();
            Latencies.Summary d = w[1].latencies.summary();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "window %4d s %-6s tunnel %5d/%5d %7.2f %7.2f %8.2f  direct %6.2f %7.2f  failed %d",
                    k * 10, from < steadyFrom ? "warmup" : "steady", w[0].ok.get(), w[0].sent.get(), t.percentileMs(50),
                    t.percentileMs(99), t.maxMs(), d.percentileMs(50), d.percentileMs(99), w[0].failed() + w[1].failed()));
            int i = 0;
            for (String name : s.pids().keySet()) {
                line.append(String.format(Locale.ROOT, "  %s %.2f %d %d", name, sampler.cores(i, from, to),
                        sampler.maxRssKb(i, from, to) / 1024, sampler.maxOpenFiles(i, from, to)));
                i++;
            }
            line.append(String.format(Locale.ROOT, "  machine %.2f", sampler.cores(ProcessSampler.MACHINE, from, to)));
            System.out.println(line);
            lastPrinted = k;
        }
    }

    private void printProxyMetrics() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.metricsUrl()))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            log("the proxy's own tunnel metrics at the end:");
            r.body().lines().filter(l -> (l.startsWith("ferry_tunnel_") || l.startsWith("pushprox_")) && !l.contains("_bucket{"))
                    .forEach(l -> System.out.println("  " + l));
        } catch (IOException e) {
            log("the proxy's /metrics: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean summarize() {
        Latencies.Summary t = steady[0].latencies.summary();
        Latencies.Summary d = steady[1].latencies.summary();
        System.out.println();
        System.out.printf(Locale.ROOT, "== tunnel bench: %d clients, each scraped every %d s through the proxy (%.1f/s), "
                        + "direct baseline every %d-th slot (%.1f/s), timeout %d s; warm-up %d s, steady window %d s%n",
                s.clients(), s.intervalSeconds(), s.clients() / (double) s.intervalSeconds(), s.directEvery(),
                s.clients() / (double) s.intervalSeconds() / s.directEvery(), s.timeoutSeconds(), s.warmupSeconds(),
                s.steadySeconds());
        System.out.printf(Locale.ROOT, "%-16s %8s %8s %7s %8s %8s %8s %8s %9s%n", "steady window", "sent", "ok", "failed",
                "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        for (Route route : Route.values()) {
            Tally x = steady[route.ordinal()];
            Latencies.Summary l = route == Route.TUNNEL ? t : d;
            System.out.printf(Locale.ROOT, "%-16s %8d %8d %7d %8.2f %8.2f %8.2f %8.2f %9.2f%n",
                    route == Route.TUNNEL ? "through tunnel" : "direct", x.sent.get(), x.ok.get(), x.failed(),
                    l.percentileMs(50), l.percentileMs(90), l.percentileMs(99), l.percentileMs(99.9), l.maxMs());
        }
        double added50 = t.percentileMs(50) - d.percentileMs(50);
        double added99 = t.percentileMs(99) - d.percentileMs(99);
        System.out.printf(Locale.ROOT, "added latency (tunnel percentile minus direct percentile, not a percentile of "
                + "per-scrape differences): p50 %.2f ms, p99 %.2f ms%n", added50, added99);
        for (Route route : Route.values()) {
            for (Tally x : new Tally[] {warmup[route.ordinal()], steady[route.ordinal()]}) {
                if (!x.failures.isEmpty()) {
                    System.out.printf(Locale.ROOT, "failures, %s, %s: %s%n", route, x == steady[route.ordinal()]
                            ? "steady" : "warm-up", new TreeMap<>(x.failures));
                }
            }
        }
        System.out.printf(Locale.ROOT, "warm-up: tunnel %d sent, %d ok; direct %d sent, %d ok%n", warmup[0].sent.get(),
                warmup[0].ok.get(), warmup[1].sent.get(), warmup[1].ok.get());
        System.out.printf(Locale.ROOT, "scraper: at most %d scrapes in flight, %d connections to the proxy and %d to the "
                        + "target at most; scrape starts more than 5 ms late: %d, latest %.1f ms%n", maxInFlight.get(),
                proxy.maxOpen.get(), direct.maxOpen.get(), lateStarts.get(), maxStartLagNanos.get() / 1e6);
        int i = 0;
        long proxyRssKb = -1;
        for (Map.Entry<String, Long> e : s.pids().entrySet()) {
            long rssSteady = sampler.maxRssKb(i, steadyFrom, steadyTo + 1_000_000_000L);
            long rssAll = sampler.maxRssKb(i, Long.MIN_VALUE, Long.MAX_VALUE);
            if (e.getKey().equals("proxy")) {
                proxyRssKb = rssAll;
            }
            System.out.printf(Locale.ROOT, "%-8s pid %-7d CPU %.2f cores over the steady window; RSS max %d MiB in it, "
                            + "%d MiB over the whole run; at most %d open files%n", e.getKey(), e.getValue(),
                    sampler.cores(i, steadyFrom, steadyTo + 1_000_000_000L), rssSteady / 1024, rssAll / 1024,
                    sampler.maxOpenFiles(i, Long.MIN_VALUE, Long.MAX_VALUE));
            i++;
        }
        System.out.printf(Locale.ROOT, "%-8s pid %-7d CPU %.2f cores over the steady window; RSS max %d MiB%n", "scraper",
                ProcessHandle.current().pid(), sampler.cores(i, steadyFrom, steadyTo + 1_000_000_000L),
                sampler.maxRssKb(i, Long.MIN_VALUE, Long.MAX_VALUE) / 1024);
        System.out.printf(Locale.ROOT, "machine  busy %.2f of %d cores over the steady window%n",
                sampler.cores(ProcessSampler.MACHINE, steadyFrom, steadyTo + 1_000_000_000L),
                Runtime.getRuntime().availableProcessors());
        boolean latencyMet = added99 < 50;
        boolean rssMet = proxyRssKb >= 0 && proxyRssKb < 1024 * 1024;
        long lost = steady[0].failed();
        boolean lossMet = lost == 0;
        System.out.printf(Locale.ROOT, "goal p99 added latency < 50 ms: %s (%.2f ms)%n", met(latencyMet), added99);
        System.out.printf(Locale.ROOT, "goal proxy RSS < 1 GiB: %s (%d MiB, max over the whole run)%n", met(rssMet),
                proxyRssKb / 1024);
        System.out.printf(Locale.ROOT, "goal no scrape lost: %s (%d lost through the tunnel in the steady window; "
                + "%d in the warm-up)%n", met(lossMet), lost, warmup[0].failed());
        return latencyMet && rssMet && lossMet;
    }

    private static String met(boolean met) {
        return met ? "MET" : "NOT MET";
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT " + format + "%n", prepend(System.currentTimeMillis(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
