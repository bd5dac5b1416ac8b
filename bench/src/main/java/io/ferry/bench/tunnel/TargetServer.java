package io.ferry.bench.tunnel;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The scrape target every tunnel client's allow-list points at, and the scraper's direct baseline:
 * {@code GET /metrics} answers a fixed exposition of about 200 series (an exporter's usual mix of
 * runtime, process, HTTP, CPU, filesystem, network and application series), gzip'd when the request
 * accepts gzip. The body is built and compressed once, and served by Vert.x (Ferry's own server
 * stack) on one event loop, so the target costs little CPU on a machine whose cores the proxy needs;
 * an exporter that compresses per scrape would cost more, on both routes alike.
 *
 * <pre>{@code
 * TargetServer target = TargetServer.start("127.0.0.1", 0);
 * int port = target.port();
 * ...
 * target.stop();
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class TargetServer {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final byte[] plain;
    private final byte[] gzipped;
    private final AtomicLong served = new AtomicLong();
    private HttpServer server;

    private TargetServer(Vertx vertx, byte[] plain) {
        this.vertx = vertx;
        this.plain = plain;
        this.gzipped = gzip(plain);
    }

    static TargetServer start(String host, int port) throws TimeoutException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        TargetServer t = new TargetServer(vertx, body());
        t.server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true))
                .requestHandler(t::handle)
                .listen().await(30, TimeUnit.SECONDS);
        return t;
    }

    int port() {
        return server.actualPort();
    }

    long served() {
        return served.get();
    }

    String describe() {
        return String.format(Locale.ROOT, "%d series, %d bytes, %d gzip'd", series(plain), plain.length, gzipped.length);
    }

    void stop() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // stopping: the process ends anyway
        }
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals("/metrics")) {
            request.response().setStatusCode(404).end();
            return;
        }
        String accept = request.getHeader("Accept-Encoding");
        boolean gzip = accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
        request.response().putHeader("Content-Type", CONTENT_TYPE);
        if (gzip) {
            request.response().putHeader("Content-Encoding", "gzip");
        }
        request.response().end(Buffer.buffer(gzip ? gzipped : plain));
        served.incrementAndGet();
    }

    /** A deterministic exposition of about 200 series. */
    static byte[] body() {
        Random r = new Random(14);
        StringBuilder b = new StringBuilder(24 * 1024);
        family(b, "go_gc_duration_seconds", "summary", "A summary of the pause duration of garbage collection cycles.");
        for (String q : new String[] {"0", "0.25", "0.5", "0.75", "1"}) {
            b.append("go_gc_duration_seconds{quantile=\"").append(q).append("\"} ").append(r.nextDouble() / 1000).append('\n');
        }
        b.append("go_gc_duration_seconds_sum ").append(r.nextDouble() * 10).append('\n');
        b.append("go_gc_duration_seconds_count ").append(r.nextInt(100_000)).append('\n');
        for (String g : new String[] {"go_goroutines", "go_threads", "go_memstats_alloc_bytes", "go_memstats_heap_alloc_bytes",
                "go_memstats_heap_idle_bytes", "go_memstats_heap_inuse_bytes", "go_memstats_heap_objects",
                "go_memstats_stack_inuse_bytes", "go_memstats_sys_bytes", "go_memstats_next_gc_bytes"}) {
            family(b, g, "gauge", "Runtime statistic " + g.substring(3).replace('_', ' ') + ".");
            b.append(g).append(' ').append(r.nextInt(50_000_000)).append('\n');
        }
        for (String g : new String[] {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
                "process_open_fds", "process_max_fds", "process_start_time_seconds"}) {
            family(b, g, g.endsWith("_total") ? "counter" : "gauge", "Process statistic " + g.substring(8).replace('_', ' ') + ".");
            b.append(g).append(' ').append(r.nextInt(2_000_000_000)).append('\n');
        }
        String[] handlers = {"/api/v1/orders", "/api/v1/users", "/api/v1/search", "/healthz", "/metrics"};
        family(b, "http_requests_total", "counter", "Requests handled, by handler, method and status code.");
        for (String h : handlers) {
            for (String m : new String[] {"GET", "POST"}) {
                for (String c : new String[] {"200", "404", "500"}) {
                    b.append("http_requests_total{code=\"").append(c).append("\",handler=\"").append(h)
                            .append("\",method=\"").append(m).append("\"} ").append(r.nextInt(10_000_000)).append('\n');
                }
            }
        }
        family(b, "http_request_duration_seconds", "histogram", "Request latency, by handler.");
        String[] les = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
        for (String h : handlers) {
            long count = 0;
            for (String le : les) {
                count += r.nextInt(100_000);
                b.append("http_request_duration_seconds_bucket{handler=\"").append(h).append("\",le=\"").append(le)
                        .append("\"} ").append(count).append('\n');
            }
            b.append("http_request_duration_seconds_sum{handler=\"").append(h).append("\"} ").append(count * 0.042).append('\n');
            b.append("http_request_duration_seconds_count{handler=\"").append(h).append("\"} ").append(count).append('\n');
        }
        family(b, "node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.");
        for (int cpu = 0; cpu < 2; cpu++) {
            for (String mode : new String[] {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"}) {
                b.append("node_cpu_seconds_total{cpu=\"").append(cpu).append("\",mode=\"").append(mode).append("\"} ")
                        .append(r.nextInt(1_000_000) / 100.0).append('\n');
            }
        }
        String[][] filesystems = {{"/dev/sda1", "/", "ext4"}, {"/dev/sda2", "/var", "ext4"}, {"tmpfs", "/run", "tmpfs"},
                {"/dev/sdb1", "/data", "xfs"}};
        for (String f : new String[] {"node_filesystem_avail_bytes", "node_filesystem_size_bytes", "node_filesystem_files_free"}) {
            family(b, f, "gauge", "Filesystem statistic " + f.substring(16).replace('_', ' ') + ".");
            for (String[] fs : filesystems) {
                b.append(f).append("{device=\"").append(fs[0]).append("\",fstype=\"").append(fs[2]).append("\",mountpoint=\"")
                        .append(fs[1]).append("\"} ").append(r.nextLong(1L << 40)).append('\n');
            }
        }
        for (String n : new String[] {"receive_bytes", "transmit_bytes", "receive_packets", "transmit_packets",
                "receive_errs", "transmit_errs"}) {
            String name = "node_network_" + n + "_total";
            family(b, name, "counter", "Network device statistic " + n.replace('_', ' ') + ".");
            for (String dev : new String[] {"eth0", "eth1", "lo"}) {
                b.append(name).append("{device=\"").append(dev).append("\"} ").append(r.nextLong(1L << 36)).append('\n');
            }
        }
        String[] queues = {"billing", "email", "export", "import", "indexing", "notifications", "reports", "resize",
                "sync", "webhooks"};
        family(b, "app_queue_depth", "gauge", "Jobs waiting, by queue.");
        for (String q : queues) {
            b.append("app_queue_depth{queue=\"").append(q).append("\"} ").append(r.nextInt(500)).append('\n');
        }
        family(b, "app_jobs_processed_total", "counter", "Jobs processed, by queue and result.");
        for (String q : queues) {
            for (String result : new String[] {"ok", "failed"}) {
                b.append("app_jobs_processed_total{queue=\"").append(q).append("\",result=\"").append(result).append("\"} ")
                        .append(r.nextInt(1_000_000)).append('\n');
            }
        }
        family(b, "app_build_info", "gauge", "Build information.");
        b.append("app_build_info{branch=\"main\",goversion=\"go1.22.3\",revision=\"4f2a9c1\",version=\"2.7.1\"} 1\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void family(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static int series(byte[] body) {
        int n = 0;
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            n += line.isEmpty() || line.startsWith("#") ? 0 : 1;
        }
        return n;
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
