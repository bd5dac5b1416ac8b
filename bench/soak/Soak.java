import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.GZIPInputStream;

/**
 * The soak's driver: fills a Ferry with GROUPS x SERIES pushed series, then for DURATION seconds
 * pushes at PUSH_RATE, scrapes Ferry's /metrics back to back at most once a second, serves a
 * scrape target Ferry pulls and remote-writes, and takes the remote-write receiver away for
 * OUTAGE_FOR seconds at OUTAGE_AT. Every 10 s it writes a row to OUT/samples.csv; at the end it
 * checks that every acknowledged push is on /metrics and every served target sample reached the
 * receiver, writes OUT/summary.txt and exits 1 on a loss.
 *
 * <p>Pushes are open-loop: each has a planned start at the fixed rate and its latency counts from
 * that plan, so a stalled server shows as latency, not as fewer requests. One push per group is
 * in flight at a time, so the last acknowledged value of a group is the one /metrics must show.
 *
 * <pre>
 * FERRY_URL=... FERRY_PID=... TARGET_PORT=... RECEIVER_PORT=... RECEIVER_CMD="java -cp snappy.jar Receiver.java PORT"
 * OUT=dir java Soak.java
 * </pre>
 */
public final class Soak {
    static final long START = System.nanoTime();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String ferry = env("FERRY_URL", null);
    final long ferryPid = Long.parseLong(env("FERRY_PID", null));
    final int targetPort = Integer.parseInt(env("TARGET_PORT", null));
    final int receiverPort = Integer.parseInt(env("RECEIVER_PORT", null));
    final List<String> receiverCmd = List.of(env("RECEIVER_CMD", null).split(" "));
    final Path out = Path.of(env("OUT", null));
    final int duration = Integer.parseInt(env("DURATION", "1800"));
    final int groups = Integer.parseInt(env("GROUPS", "10000"));
    final int series = Integer.parseInt(env("SERIES", "100"));
    final int pushRate = Integer.parseInt(env("PUSH_RATE", "200"));
    final int outageAt = Integer.parseInt(env("OUTAGE_AT", "600"));
    final int outageFor = Integer.parseInt(env("OUTAGE_FOR", "300"));
    final int targetSeries = Integer.parseInt(env("TARGET_SERIES", "5000"));

    final AtomicLongArray acked;
    final AtomicLongArray attempted;
    final AtomicBoolean[] busy;
    final AtomicLong seq = new AtomicLong();
    final AtomicLong targetServed = new AtomicLong();
    final AtomicBoolean targetOpen = new AtomicBoolean(true);
    final AtomicBoolean running = new AtomicBoolean(true);
    final Window window = new Window();
    volatile boolean receiverUp;
    volatile double pending = Double.NaN;
    Process receiver;
    Path receiverLog;
    int receiverLives;
    final Map<String, Long> receiverBefore = new HashMap<>();

    Soak() {
        acked = new AtomicLongArray(groups);
        attempted = new AtomicLongArray(groups);
        busy = new AtomicBoolean[groups];
        for (int i = 0; i < groups; i++) busy[i] = new AtomicBoolean();
    }

    public static void main(String[] args) throws Exception {
        System.exit(new Soak().run());
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            if (dflt == null) throw new IllegalArgumentException("set " + name);
            return dflt;
        }
        return v;
    }

    static double seconds() {
        return (System.nanoTime() - START) / 1e9;
    }

    static void log(String s) {
        System.out.printf("[soak %7.1fs] %s%n", seconds(), s);
    }

    int run() throws Exception {
        Files.createDirectories(out);
        HttpServer target = startTarget();
        startReceiver();
        long t0 = System.nanoTime();
        fill();
        log(String.format("filled %,d groups x %d series in %.1f s, RSS %d MB", groups, series,
                (System.nanoTime() - t0) / 1e9, rssMb()));
        window.reset();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        long loadStart = System.nanoTime();
        threads.submit(() -> pushLoad(loadStart));
        threads.submit(() -> scrapeLoop());
        int outageEnd = outageAt + outageFor;
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("samples.csv")))) {
            csv.println("t_s,pushes,push_errors,push_p50_ms,push_p99_ms,push_max_ms,scrapes,scrape_mean_ms,"
                    + "scrape_max_ms,scrape_mb,rss_mb,receiver_up,rw_pending_samples");
            for (int t = 10; t <= duration; t += 10) {
                sleepUntil(loadStart + TimeUnit.SECONDS.toNanos(t));
                if (receiverUp && t > outageAt && t <= outageEnd) stopReceiver();
                if (!receiverUp && t > outageEnd) startReceiver();
                Window.Row r = window.take();
                csv.printf("%d,%d,%d,%.2f,%.2f,%.2f,%d,%.1f,%.1f,%.1f,%d,%d,%.0f%n", t, r.pushes, r.errors,
                        r.p50, r.p99, r.max, r.scrapes, r.scrapeMean, r.scrapeMax, r.scrapeMb, rssMb(),
                        receiverUp ? 1 : 0, pending);
                csv.flush();
                if (t % 60 == 0) {
                    log(String.format("pushes %d/10s p99 %.1f ms, scrape %.0f ms (%.0f MB), RSS %d MB, pending %.0f",
                            r.pushes, r.p99, r.scrapeMean, r.scrapeMb, rssMb(), pending));
                }
            }
        }
        running.set(false);
        targetOpen.set(false);
        threads.shutdown();
        threads.awaitTermination(60, TimeUnit.SECONDS);
        if (!receiverUp) startReceiver();
        return check(target);
    }

    // --- the pushed state ----------------------------------------------------------------------

    void fill() throws Exception {
        Semaphore inFlight = new Semaphore(32);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int g = 0; g < groups; g++) {
                inFlight.acquire();
                int group = g;
                ex.submit(() -> {
                    try {
                        if (push(group) != 200) throw new IllegalStateException("fill push refused");
                    } catch (Exception e) {
                        log("fill: " + e);
                        System.exit(2);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
    }

    /** Puts the group's next value; returns the status, and on 200 records it as acknowledged. */
    int push(int group) throws IOException, InterruptedException {
        long value = seq.incrementAndGet();
        attempted.set(group, value);
        StringBuilder body = new StringBuilder(series * 28);
        body.append("# TYPE soak_push gauge\n");
        for (int s = 0; s < series; s++) {
            body.append("soak_push{series=\"s").append(s).append("\"} ").append(value).append('\n');
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(ferry + "/metrics/job/soak/instance/g" + group))
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<Void> resp = HTTP.send(req, HttpResponse.BodyHandlers.discarding());
        if (resp.statusCode() == 200) acked.set(group, value);
        return resp.statusCode();
    }

    void pushLoad(long loadStart) {
        long periodNanos = 1_000_000_000L / pushRate;
        Semaphore inFlight = new Semaphore(256);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            int next = 0;
            for (long i = 0; running.get(); i++) {
                long planned = loadStart + i * periodNanos;
                sleepUntil(planned);
                int group = -1;
                for (int tries = 0; tries < groups && group < 0; tries++) {
                    int g = next;
                    next = (next + 1) % groups;
                    if (busy[g].compareAndSet(false, true)) group = g;
                }
                if (group < 0 || !inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                    window.push(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - planned), false);
                    continue;
                }
                int g = group;
                ex.submit(() -> {
                    boolean ok = false;
                    try {
                        ok = push(g) == 200;
                    } catch (Exception e) {
                        ok = false;
                    } finally {
                        busy[g].set(false);
                        inFlight.release();
                    }
                    window.push(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - planned), ok);
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- scraping Ferry ----------------------------------------------------------------------------

    static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    static final byte[] PENDING = "ferry_remote_write_samples_pending".getBytes(StandardCharsets.US_ASCII);

    /** Scrapes /metrics as Prometheus does (its Accept header, gzip), once a second or back to back. */
    void scrapeLoop() {
        while (running.get()) {
            long start = System.nanoTime();
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(ferry + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", ACCEPT).header("Accept-Encoding", "gzip").build();
                HttpResponse<InputStream> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
                InputStream body = resp.body();
                if ("gzip".equals(resp.headers().firstValue("Content-Encoding").orElse(""))) {
                    body = new GZIPInputStream(body, 1 << 16);
                }
                long[] bytes = new long[1];
                double p = scanPending(body, bytes);
                if (!Double.isNaN(p)) pending = p;
                window.scrape(System.nanoTime() - start, bytes[0]);
            } catch (Exception e) {
                log("scrape failed: " + e);
            }
            sleepUntil(start + 1_000_000_000L);
        }
    }

    /** Sums the value of every line that starts with {@link #PENDING}; counts the bytes read. */
    static double scanPending(InputStream in, long[] bytes) throws IOException {
        byte[] buf = new byte[1 << 16];
        StringBuilder line = null;
        int matched = 0;
        boolean atLineStart = true;
        double sum = Double.NaN;
        int n;
        try (in) {
            while ((n = in.read(buf)) > 0) {
                bytes[0] += n;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (line != null) {
                        if (b == '\n') {
                            String l = line.toString();
                            String v = l.substring(l.lastIndexOf(' ') + 1);
                            sum = (Double.isNaN(sum) ? 0 : sum) + Double.parseDouble(v);
                            line = null;
                            atLineStart = true;
                        } else {
                            line.append((char) b);
                        }
                        continue;
                    }
                    if (b == '\n') {
                        atLineStart = true;
                        matched = 0;
                        continue;
                    }
                    if (atLineStart) {
                        if (b == PENDING[matched]) {
                            if (++matched == PENDING.length) {
                                line = new StringBuilder();
                                matched = 0;
                            }
                            continue;
                        }
                        atLineStart = false;
                        matched = 0;
                    }
                }
            }
        }
        return sum;
    }

    // --- the pull path: a target and the receiver ----------------------------------------------

    HttpServer startTarget() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", targetPort), 64);
        server.createContext("/metrics", ex -> {
            if (!targetOpen.get()) {
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            long round = targetServed.get() + 1;
            StringBuilder sb = new StringBuilder(targetSeries * 32);
            sb.append("# TYPE soak_target counter\n");
            for (int i = 0; i < targetSeries; i++) {
                sb.append("soak_target_total{series=\"t").append(i).append("\"} ").append(round).append('\n');
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
            targetServed.incrementAndGet();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return server;
    }

    void startReceiver() throws Exception {
        receiverLog = out.resolve("receiver-" + (++receiverLives) + ".log");
        receiver = new ProcessBuilder(receiverCmd).redirectErrorStream(true)
                .redirectOutput(receiverLog.toFile()).start();
        for (int i = 0; i < 600; i++) {
            if (receiverCounts() != null) {
                receiverUp = true;
                log("receiver up");
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("receiver did not start; see receiver.log");
    }

    /** SIGTERM: the receiver stops answering, then prints its counts, which are kept. */
    void stopReceiver() throws Exception {
        receiver.destroy();
        if (!receiver.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("receiver did not stop");
        for (String l : Files.readAllLines(receiverLog)) {
            String[] f = l.split(" ");
            if (f.length == 4 && f[0].equals("final") && !f[1].equals("receiver")) {
                receiverBefore.merge(f[1] + " " + f[2], Long.parseLong(f[3]), Long::sum);
            }
        }
        receiverUp = false;
        log("receiver stopped");
    }

    /** The receiver's counters ("path counter" to value), or null when it does not answer. */
    Map<String, Long> receiverCounts() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + receiverPort + "/counts")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Long> m = new HashMap<>();
            for (String l : r.body().split("\n")) {
                String[] f = l.split(" ");
                if (f.length == 3 && !f[0].equals("receiver")) m.put(f[0] + " " + f[1], Long.parseLong(f[2]));
            }
            return m;
        } catch (Exception e) {
            return null;
        }
    }

    // --- the end -----------------------------------------------------------------------------------

    int check(HttpServer target) throws Exception {
        List<String> report = new ArrayList<>();
        // Remote write: every scrape Ferry took (up 1) must arrive whole; waits, bounded, for the queue.
        long served = targetServed.get();
        long scraped = 0, failed = 0, delivered = 0;
        for (int i = 0; i < 300; i++) {
            Map<String, Long> c = receiverCounts();
            if (c == null) c = Map.of();
            scraped = total(c, "/target up_1");
            failed = total(c, "/target up_0");
            delivered = total(c, "/target samples") - scraped - failed; // samples excludes stale markers
            if (delivered >= scraped * targetSeries && i > 2) break;
            Thread.sleep(1000);
        }
        target.stop(0);
        long expected = scraped * targetSeries;
        report.add(String.format("target: served %,d times; Ferry scraped it %,d times (up 1) and failed %,d (up 0);"
                + " samples of those scrapes %,d, delivered to the receiver %,d", served, scraped, failed,
                expected, delivered));
        // Pushes: every group's last acknowledged value is what /metrics serves.
        long[] shown = new long[groups];
        Arrays.fill(shown, -1);
        long wrongSeries = 0;
        HttpResponse<InputStream> resp = HTTP.send(HttpRequest.newBuilder(URI.create(ferry + "/metrics"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = lines.readLine()) != null) {
                if (!l.startsWith("soak_push{")) continue;
                int i = l.indexOf("instance=\"g") + 11;
                int g = Integer.parseInt(l, i, l.indexOf('"', i), 10);
                long v = (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                if (shown[g] == -1) shown[g] = v;
                else if (shown[g] != v) wrongSeries++;
            }
        }
        long lost = 0, unacked = 0;
        for (int g = 0; g < groups; g++) {
            if (shown[g] == acked.get(g)) continue;
            if (shown[g] == attempted.get(g)) unacked++; // applied although its answer failed: not a loss
            else lost++;
        }
        report.add(String.format("pushes acknowledged %,d; groups whose acknowledged value is missing from /metrics: %d;"
                + " showing an unacknowledged later value: %d; series disagreeing within a group: %d",
                seq.get(), lost, unacked, wrongSeries));
        boolean ok = lost == 0 && wrongSeries == 0 && delivered >= expected;
        report.add(ok ? "nothing acknowledged lost" : "LOSS");
        Files.write(out.resolve("summary.txt"), report);
        report.forEach(Soak::log);
        if (receiver != null) {
            receiver.destroy();
            receiver.waitFor(10, TimeUnit.SECONDS);
        }
        return ok ? 0 : 1;
    }

    /** A receiver counter, summed over the receiver's lives. */
    long total(Map<String, Long> now, String key) {
        return now.getOrDefault(key, 0L) + receiverBefore.getOrDefault(key, 0L);
    }

    long rssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + ferryPid + "/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    static void sleepUntil(long nanoTime) {
        long d;
        while ((d = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What happened in the current 10-second window; thread-safe. */
    static final class Window {
        record Row(int pushes, int errors, double p50, double p99, double max, int scrapes, double scrapeMean,
                double scrapeMax, double scrapeMb) {}

        private long[] latencies = new long[4096];
        private int n, errors, scrapes;
        private long scrapeNanos, scrapeMaxNanos, scrapeBytes;

        synchronized void reset() {
            n = errors = scrapes = 0;
            scrapeNanos = scrapeMaxNanos = scrapeBytes = 0;
        }

        synchronized void push(long micros, boolean ok) {
            if (!ok) errors++;
            if (n == latencies.length) latencies = Arrays.copyOf(latencies, n * 2);
            latencies[n++] = micros;
        }

        synchronized void scrape(long nanos, long bytes) {
            scrapes++;
            scrapeNanos += nanos;
            scrapeMaxNanos = Math.max(scrapeMaxNanos, nanos);
            scrapeBytes = bytes;
        }

        synchronized Row take() {
            long[] l = Arrays.copyOf(latencies, n);
            Arrays.sort(l);
            Row r = new Row(n, errors, q(l, 0.5), q(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1e3, scrapes,
                    scrapes == 0 ? 0 : scrapeNanos / 1e6 / scrapes, scrapeMaxNanos / 1e6, scrapeBytes / 1e6);
            reset();
            return r;
        }

        private static double q(long[] sorted, double q) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e3;
        }
    }
}
