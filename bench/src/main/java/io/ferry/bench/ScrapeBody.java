package io.ferry.bench;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, realistic {@code /metrics} body: 2,843 samples (267 KB as text 0.0.4) from a
 * web service with a database, a message queue and caches.
 *
 * <pre>{@code
 * List<MetricFamily> families = ScrapeBody.families();
 * byte[] text = ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(families);
 * int samples = ScrapeBody.sampleCount(families);
 * }</pre>
 *
 * <p>The mix follows what a scrape of an instrumented service looks like: about 60% of the samples
 * are histogram buckets, sums and counts (10 to 15 buckets each), the rest counters and gauges, with
 * a few summaries. Every family has HELP text. Some label values and HELP texts hold characters that
 * must be escaped ({@code "}, {@code \}, newline) and some are not ASCII, so the parsers' slow paths
 * are exercised in proportion, not avoided. No timestamps, created times or exemplars: the three
 * formats then carry exactly the same samples, so their figures compare.
 *
 * <p>The benchmarks build this model once and produce each format's body with that format's own
 * writer, so all three parsers read the same data. Run {@link #main} to print the sizes.
 */
public final class ScrapeBody {
    /** Fixed seed: every run, on every machine, generates the same body. */
    private static final long SEED = 0x5EED_F3_77L;

    private static final String INSTANCE = "10.1.4.27:8080";

    private static final String[] HANDLERS = {
        "/", "/api/v1/cart", "/api/v1/cart/items", "/api/v1/checkout", "/api/v1/orders", "/api/v1/orders/{id}",
        "/api/v1/payments", "/api/v1/products", "/api/v1/products/{id}", "/api/v1/search", "/api/v1/users/{id}",
        "/api/v1/städte", "/healthz", "/metrics", "/static/*", "/api/v1/recommendations",
    };
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final String[] TOPICS = {"orders", "payments", "inventory-updates", "email-outbox", "audit"};
    private static final String[] TABLES = {"orders", "order_items", "users", "products", "payments", "sessions"};
    private static final String[] OPERATIONS = {"SELECT", "INSERT", "UPDATE", "DELETE", "UPSERT"};
    private static final String[] TENANTS = {
        "acme", "Zürich Versicherung AG", "東京デパート", "São Paulo Comércio", "Ærø Fisk", "Москва-Торг",
        "globex", "initech", "umbrella", "hooli", "Ελληνικά Α.Ε.", "Café Crème", "北京贸易", "Łódź Sp. z o.o.",
        "stark", "wayne", "cyberdyne", "tyrell", "massive dynamic", "soylent",
    };
    private static final String[] LOGGERS = {
        "io.ferry.checkout.CartService", "io.ferry.checkout.PaymentClient", "io.ferry.checkout.OrderRepository",
        "io.ferry.http.AccessLog", "io.ferry.kafka.ConsumerLoop", "org.hibernate.SQL", "com.zaxxer.hikari.pool",
        "io.netty.channel.DefaultChannelPipeline", "io.vertx.core.impl.ContextImpl", "root",
    };
    private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
    private static final String[] CACHES = {"products", "sessions", "prices", "users", "feature_flags", "geo"};

    private static final double[] LATENCY_BUCKETS = {
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY,
    };
    private static final double[] SIZE_BUCKETS = {
        100, 500, 1000, 5000, 10000, 50000, 100000, 500000, 1e6, 5e6, Double.POSITIVE_INFINITY,
    };
    private static final double[] DB_BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        Double.POSITIVE_INFINITY,
    };
    private static final double[] RPC_BUCKETS = {
        0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048,
        Double.POSITIVE_INFINITY,
    };

    private ScrapeBody() {
    }

    /** The body as a model: the same list, in the same order, on every call. */
    public static List<MetricFamily> families() {
        SplittableRandom r = new SplittableRandom(SEED);
        List<MetricFamily> out = new ArrayList<>();
        httpFamilies(r, out);
        databaseFamilies(r, out);
        rpcFamilies(r, out);
        kafkaFamilies(r, out);
        jvmAndProcessFamilies(r, out);
        applicationFamilies(r, out);
        return List.copyOf(out);
    }

    /**
     * The number of samples (exposed lines without metadata): one per value, one per bucket plus
     * {@code _sum} and {@code _count} per histogram, one per quantile plus {@code _sum} and
     * {@code _count} per summary. This is the divisor of the benchmarks' ns per sample.
     */
    public static int sampleCount(List<MetricFamily> families) {
        int n = 0;
        for (MetricFamily f : families) {
            for (Metric m : f.metrics()) {
                n += switch (m) {
                    case ValueMetric v -> 1;
                    case HistogramMetric h -> h.bucketCount() + (h.hasCount() ? 2 : 0);
                    case SummaryMetric s -> s.quantiles().length + (s.hasCount() ? 2 : 0);
                };
            }
        }
        return n;
    }

    /** The number of histogram samples (buckets, sums and counts). */
    public static int histogramSampleCount(List<MetricFamily> families) {
        int n = 0;
        for (MetricFamily f : families) {
            for (Metric m : f.metrics()) {
                if (m instanceof HistogramMetric h) {
                    n += h.bucketCount() + (h.hasCount() ? 2 : 0);
                }
            }
        }
        return n;
    }

    /** The number of series in the Prometheus sense: distinct name and label sets, buckets counted apiece. */
    public static int seriesCount(List<MetricFamily> families) {
        return sampleCount(families);
    }

    private static void httpFamilies(SplittableRandom r, List<MetricFamily> out) {
        List<Metric> durations = new ArrayList<>();
        List<Metric> requests = new ArrayList<>();
        List<Metric> inflight = new ArrayList<>();
        for (int h = 0; h < HANDLERS.length; h++) {
            String handler = HANDLERS[h];
            int methods = h % 4 == 0 ? 2 : 1;
            for (int m = 0; m < methods; m++) {
                String method = METHODS[(h + m) % METHODS.length];
                String[] codes = h % 2 == 1 ? new String[] {"200"} : m == 0 ? new String[] {"200", "404"}
                        : new String[] {"200", "500"};
                for (String code : codes) {
                    Labels l = Labels.of("code", code, "handler", handler, "method", method);
                    double total = 1 + r.nextInt(2_000_000);
                    durations.add(histogram(r, l, LATENCY_BUCKETS, total, 0.08));
                    requests.add(ValueMetric.of(l.with("instance", INSTANCE), total));
                }
                inflight.add(ValueMetric.of(Labels.of("handler", handler, "method", method), r.nextInt(12)));
            }
        }
        out.add(family("http_server_request_duration_seconds", MetricType.HISTOGRAM,
                "Duration of HTTP server requests, from the first byte read to the last byte written.", durations));
        out.add(family("http_server_requests_total", MetricType.COUNTER,
                "Total number of HTTP requests by handler, method and status code.", requests));
        out.add(family("http_server_active_requests", MetricType.GAUGE,
                "Number of HTTP requests being served right now.", inflight));

        List<Metric> sizes = new ArrayList<>();
        for (int h = 0; h < HANDLERS.length; h++) {
            for (int m = 0; m < 1 + h % 2; m++) {
                Labels l = Labels.of("handler", HANDLERS[h], "method", METHODS[m]);
                sizes.add(histogram(r, l, SIZE_BUCKETS, 1 + r.nextInt(500_000), 4200));
            }
        }
        out.add(family("http_server_response_size_bytes", MetricType.HISTOGRAM,
                "Size of HTTP response bodies in bytes, before compression.", sizes));
    }

    private static void databaseFamilies(SplittableRandom r, List<MetricFamily> out) {
        List<Metric> queries = new ArrayList<>();
        List<Metric> errors = new ArrayList<>();
        for (int t = 0; t < TABLES.length; t++) {
            for (int o = 0; o < OPERATIONS.length; o++) {
                if ((t + o) % 4 == 3) {
                    continue;
                }
                Labels l = Labels.of("operation", OPERATIONS[o], "table", TABLES[t]);
                queries.add(histogram(r, l, DB_BUCKETS, 1 + r.nextInt(9_000_000), 0.003));
                errors.add(ValueMetric.of(l.with("error", o % 2 == 0 ? "timeout" : "constraint \"uq_" + TABLES[t] + "\""),
                        r.nextInt(300)));
            }
        }
        out.add(family("db_client_query_duration_seconds", MetricType.HISTOGRAM,
                "Time spent executing SQL statements.\nMeasured around the JDBC call, pool wait excluded.", queries));
        out.add(family("db_client_errors_total", MetricType.COUNTER, "SQL statements that failed.", errors));

        List<Metric> pool = new ArrayList<>();
        for (String state : new String[] {"active", "idle", "pending", "max"}) {
            pool.add(ValueMetric.of(Labels.of("pool", "HikariPool-1", "state", state), r.nextInt(64)));
        }
        out.add(family("db_client_connections", MetricType.GAUGE, "Connections in the pool by state.", pool));
    }

    private static void rpcFamilies(SplittableRandom r, List<MetricFamily> out) {
        String[][] calls = {
            {"payments.v1.PaymentService", "Authorize"}, {"payments.v1.PaymentService", "Capture"},
            {"payments.v1.PaymentService", "Refund"}, {"inventory.v2.Stock", "Reserve"},
            {"inventory.v2.Stock", "Release"}, {"inventory.v2.Stock", "Get"}, {"pricing.v1.Quote", "Compute"},
            {"users.v1.Profiles", "Get"}, {"users.v1.Profiles", "Update"}, {"shipping.v1.Rates", "List"},
            {"fraud.v3.Scoring", "Score"}, {"email.v1.Outbox", "Enqueue"},
        };
        List<Metric> durations = new ArrayList<>();
        for (String[] call : calls) {
            for (String status : call[1].length() % 2 == 0 ? new String[] {"OK"} : new String[] {"OK", "UNAVAILABLE"}) {
                Labels l = Labels.of("code", status, "method", call[1], "service", call[0]);
                durations.add(histogram(r, l, RPC_BUCKETS, 1 + r.nextInt(800_000), 0.02));
            }
        }
        out.add(family("rpc_client_duration_seconds", MetricType.HISTOGRAM,
                "Duration of outgoing gRPC calls.", durations));

        List<Metric> retries = new ArrayList<>();
        for (String[] call : calls) {
            retries.add(ValueMetric.of(Labels.of("method", call[1], "service", call[0]), r.nextInt(5000)));
        }
        out.add(family("rpc_client_retries_total", MetricType.COUNTER, "Retried gRPC calls.", retries));
    }

    private static void kafkaFamilies(SplittableRandom r, List<MetricFamily> out) {
        List<Metric> consumed = new ArrayList<>();
        List<Metric> lag = new ArrayList<>();
        List<Metric> offset = new ArrayList<>();
        for (String topic : TOPICS) {
            for (int p = 0; p < 20; p++) {
                Labels l = Labels.of("partition", Integer.toString(p), "topic", topic);
                double n = r.nextLong(10_000_000_000L);
                consumed.add(ValueMetric.of(l, n));
                lag.add(ValueMetric.of(l, r.nextInt(5) == 0 ? r.nextInt(100_000) : r.nextInt(20)));
                offset.add(ValueMetric.of(l, n + r.nextInt(1000)));
            }
        }
        out.add(family("kafka_consumer_records_consumed_total", MetricType.COUNTER,
                "Records consumed by partition.", consumed));
        out.add(family("kafka_consumer_records_lag", MetricType.GAUGE,
                "Records between the consumer's position and the end of the partition.", lag));
        out.add(family("kafka_consumer_committed_offset", MetricType.GAUGE,
                "The last committed offset by partition.", offset));

        List<Metric> batches = new ArrayList<>();
        for (String topic : TOPICS) {
            batches.add(summary(r, Labels.of("topic", topic), new double[] {0.5, 0.9, 0.99}, 16384));
        }
        out.add(family("kafka_producer_batch_size_bytes", MetricType.SUMMARY,
                "Size of the record batches sent, in bytes.", batches));
    }

    private static void jvmAndProcessFamilies(SplittableRandom r, List<MetricFamily> out) {
        List<Metric> gcPause = new ArrayList<>();
        String[][] gcs = {
            {"G1 Young Generation", "G1 Evacuation Pause"}, {"G1 Young Generation", "G1 Humongous Allocation"},
            {"G1 Concurrent GC", "G1 Remark"}, {"G1 Concurrent GC", "G1 Cleanup"},
            {"G1 Old Generation", "System.gc()"}, {"G1 Young Generation", "Metadata GC Threshold"},
        };
        for (String[] gc : gcs) {
            gcPause.add(summary(r, Labels.of("cause", gc[1], "gc", gc[0]), new double[] {0.5, 0.75, 0.9, 0.99, 0.999},
                    0.012));
        }
        out.add(family("jvm_gc_pause_seconds", MetricType.SUMMARY, "Time spent in GC pauses.", gcPause));

        List<Metric> memory = new ArrayList<>();
        String[][] pools = {
            {"heap", "G1 Eden Space"}, {"heap", "G1 Old Gen"}, {"heap", "G1 Survivor Space"},
            {"nonheap", "CodeHeap 'non-nmethods'"}, {"nonheap", "CodeHeap 'non-profiled nmethods'"},
            {"nonheap", "CodeHeap 'profiled nmethods'"}, {"nonheap", "Compressed Class Space"},
            {"nonheap", "Metaspace"},
        };
        for (String[] pool : pools) {
            memory.add(ValueMetric.of(Labels.of("area", pool[0], "id", pool[1]), r.nextLong(1L << 31)));
        }
        out.add(family("jvm_memory_used_bytes", MetricType.GAUGE, "Used bytes of a given JVM memory area.", memory));
        List<Metric> committed = new ArrayList<>();
        for (String[] pool : pools) {
            committed.add(ValueMetric.of(Labels.of("area", pool[0], "id", pool[1]), r.nextLong(1L << 32)));
        }
        out.add(family("jvm_memory_committed_bytes", MetricType.GAUGE,
                "Committed (bytes) of a given JVM memory area.", committed));

        List<Metric> threads = new ArrayList<>();
        for (String state : new String[] {"NEW", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", "TERMINATED"}) {
            threads.add(ValueMetric.of(Labels.of("state", state), r.nextInt(200)));
        }
        out.add(family("jvm_threads_states_threads", MetricType.GAUGE, "Current number of threads by state.", threads));

        List<Metric> cpu = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            for (String mode : new String[] {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"}) {
                cpu.add(ValueMetric.of(Labels.of("cpu", Integer.toString(c), "mode", mode),
                        r.nextInt(100_000_000) / 100.0));
            }
        }
        out.add(family("node_cpu_seconds_total", MetricType.COUNTER,
                "Seconds the CPUs spent in each mode.", cpu));
        out.add(single("process_cpu_seconds_total", MetricType.COUNTER,
                "Total user and system CPU time spent in seconds.", 81234.56 + r.nextDouble()));
        out.add(single("process_open_fds", MetricType.GAUGE, "Number of open file descriptors.", 412));
        out.add(single("process_max_fds", MetricType.GAUGE, "Maximum number of open file descriptors.", 1048576));
        out.add(single("process_resident_memory_bytes", MetricType.GAUGE, "Resident memory size in bytes.",
                1.873412096e9));
        out.add(single("process_virtual_memory_bytes", MetricType.GAUGE, "Virtual memory size in bytes.",
                7.351345152e9));
        out.add(single("process_start_time_seconds", MetricType.GAUGE,
                "Start time of the process since unix epoch in seconds.", 1.76368e9 + r.nextInt(100000) / 100.0));
    }

    private static void applicationFamilies(SplittableRandom r, List<MetricFamily> out) {
        List<Metric> logs = new ArrayList<>();
        for (String logger : LOGGERS) {
            for (String level : LEVELS) {
                logs.add(ValueMetric.of(Labels.of("level", level, "logger", logger), r.nextInt(10_000_000)));
            }
        }
        out.add(family("log_events_total", MetricType.COUNTER, "Log events by level and logger.", logs));

        List<Metric> cacheRequests = new ArrayList<>();
        List<Metric> cacheSize = new ArrayList<>();
        List<Metric> cacheLatency = new ArrayList<>();
        for (String cache : CACHES) {
            for (String result : new String[] {"hit", "miss", "expired", "evicted"}) {
                cacheRequests.add(ValueMetric.of(Labels.of("cache", cache, "result", result), r.nextInt(50_000_000)));
            }
            cacheSize.add(ValueMetric.of(Labels.of("cache", cache), r.nextInt(1_000_000)));
            cacheLatency.add(summary(r, Labels.of("cache", cache), new double[] {0.5, 0.99}, 0.0004));
        }
        out.add(family("cache_requests_total", MetricType.COUNTER, "Cache lookups by result.", cacheRequests));
        out.add(family("cache_size_entries", MetricType.GAUGE, "Entries in the cache.", cacheSize));
        out.add(family("cache_load_duration_seconds", MetricType.SUMMARY, "Time to load a missing entry.",
                cacheLatency));

        List<Metric> sessions = new ArrayList<>();
        List<Metric> orders = new ArrayList<>();
        List<Metric> revenue = new ArrayList<>();
        for (String tenant : TENANTS) {
            for (String region : new String[] {"eu-central-1", "us-east-1", "ap-northeast-1"}) {
                Labels l = Labels.of("region", region, "tenant", tenant);
                sessions.add(ValueMetric.of(l, r.nextInt(5000)));
                orders.add(ValueMetric.of(l.with("channel", "web"), r.nextInt(1_000_000)));
                orders.add(ValueMetric.of(l.with("channel", "mobile"), r.nextInt(1_000_000)));
                revenue.add(ValueMetric.of(l.with("currency", "EUR"), r.nextInt(100_000_000) / 100.0));
            }
        }
        out.add(family("checkout_active_sessions", MetricType.GAUGE, "Sessions with a non-empty cart.", sessions));
        out.add(family("checkout_orders_total", MetricType.COUNTER, "Orders placed, by tenant and channel.", orders));
        out.add(family("checkout_revenue_total", MetricType.COUNTER,
                "Revenue in the order's currency (\"gross\", before refunds).", revenue));

        List<Metric> queues = new ArrayList<>();
        List<Metric> tasks = new ArrayList<>();
        List<Metric> taskDurations = new ArrayList<>();
        String[] queueNames = {"email", "invoices", "webhooks", "search-index", "thumbnails", "exports", "fraud-review"};
        for (String q : queueNames) {
            for (int w = 0; w < 8; w++) {
                Labels l = Labels.of("queue", q, "worker", "worker-" + w);
                tasks.add(ValueMetric.of(l.with("outcome", "success"), r.nextInt(2_000_000)));
                tasks.add(ValueMetric.of(l.with("outcome", "failure"), r.nextInt(2000)));
                tasks.add(ValueMetric.of(l.with("outcome", "retry"), r.nextInt(9000)));
            }
            queues.add(ValueMetric.of(Labels.of("queue", q), r.nextInt(300)));
            for (String outcome : new String[] {"success", "failure"}) {
                taskDurations.add(histogram(r, Labels.of("outcome", outcome, "queue", q), RPC_BUCKETS,
                        1 + r.nextInt(2_000_000), 0.05));
            }
        }
        out.add(family("worker_tasks_total", MetricType.COUNTER, "Tasks finished by queue, worker and outcome.", tasks));
        out.add(family("worker_task_duration_seconds", MetricType.HISTOGRAM, "Time to run one task.",
                taskDurations));
        out.add(family("worker_queue_depth", MetricType.GAUGE, "Tasks waiting in the queue.", queues));

        List<Metric> disks = new ArrayList<>();
        String[][] mounts = {
            {"/dev/nvme0n1p1", "/"}, {"/dev/nvme0n1p2", "/var/lib/checkout"}, {"/dev/nvme1n1", "/data"},
            {"tmpfs", "/run"}, {"tmpfs", "/dev/shm"}, {"C:", "C:\\Program Files\\Checkout"},
        };
        for (String[] m : mounts) {
            Labels l = Labels.of("device", m[0], "mountpoint", m[1]);
            disks.add(ValueMetric.of(l.with("kind", "free"), r.nextLong(1L << 40)));
            disks.add(ValueMetric.of(l.with("kind", "size"), r.nextLong(1L << 40)));
        }
        out.add(family("filesystem_bytes", MetricType.GAUGE, "Filesystem size and free space in bytes.", disks));

        List<Metric> flags = new ArrayList<>();
        String[] flagNames = {
            "new_checkout_flow", "one_click_buy", "dark_mode", "recommendations_v2", "express_shipping",
            "gift_cards", "split_payments", "loyalty_points", "address_autocomplete", "paypal",
        };
        for (String flag : flagNames) {
            flags.add(ValueMetric.of(Labels.of("flag", flag, "variant", r.nextBoolean() ? "on" : "off"), 1));
        }
        out.add(family("feature_flag_state", MetricType.GAUGE, "Feature flags as evaluated at startup.", flags));

        out.add(family("checkout_build_info", MetricType.GAUGE,
                "Build information. Path uses \\ separators on Windows builds.",
                List.of(ValueMetric.of(Labels.of("branch", "release/2026.11", "revision", "9f3c2a1e",
                        "version", "4.18.2 \"Zugspitze\"", "build_path", "C:\\ci\\checkout\\target",
                        "notes", "hotfix for #4121\nsee CHANGELOG"), 1))));
        out.add(single("checkout_up", MetricType.UNTYPED, null, 1));
    }

    private static MetricFamily family(String name, MetricType type, String help, List<Metric> metrics) {
        return new MetricFamily(name, type, help, null, metrics);
    }

    private static MetricFamily single(String name, MetricType type, String help, double value) {
        return family(name, type, help, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }

    /** A classic histogram of {@code count} observations spread log-normally around {@code typical}. */
    private static HistogramMetric histogram(SplittableRandom r, Labels labels, double[] bounds, double count,
                                             double typical) {
        double[] cumulative = new double[bounds.length];
        double remaining = count;
        double acc = 0;
        for (int i = 0; i < bounds.length - 1; i++) {
            double share = bounds[i] < typical ? 0.05 + 0.1 * r.nextDouble() : 0.3 + 0.4 * r.nextDouble();
            double inBucket = Math.floor(remaining * share);
            remaining -= inBucket;
            acc += inBucket;
            cumulative[i] = acc;
        }
        cumulative[bounds.length - 1] = count;
        double sum = Math.round(count * typical * (0.5 + r.nextDouble()) * 1e6) / 1e6;
        return HistogramMetric.of(labels, bounds.clone(), cumulative, sum, count);
    }

    private static SummaryMetric summary(SplittableRandom r, Labels labels, double[] quantiles, double typical) {
        double[] values = new double[quantiles.length];
        double v = typical * (0.5 + r.nextDouble());
        for (int i = 0; i < quantiles.length; i++) {
            values[i] = v;
            v *= 1.2 + r.nextDouble() * 2;
        }
        double count = 1 + r.nextInt(1_000_000);
        return new SummaryMetric(labels, quantiles.clone(), values, count * typical * 1.1, count,
                Metric.NO_TIMESTAMP, Double.NaN);
    }

    /** Prints the body's shape and each format's size. */
    public static void main(String[] args) {
        List<MetricFamily> families = families();
        int samples = sampleCount(families);
        int hist = histogramSampleCount(families);
        System.out.printf("families: %d, samples (series): %d, of which histogram samples: %d (%.0f%%)%n",
                families.size(), samples, hist, 100.0 * hist / samples);
        for (ExpositionFormat format : ExpositionFormat.values()) {
            try {
                byte[] body = format.writer().toBytes(families);
                System.out.printf("%-16s %,9d bytes  %5.1f bytes/sample%n", format, body.length,
                        (double) body.length / samples);
            } catch (RuntimeException e) {
                System.out.printf("%-16s writer unavailable: %s%n", format, e);
            }
        }
        if (args.length > 0) {
            ExpositionFormat format = ExpositionFormat.valueOf(args[0]);
            System.out.write(format.writer().toBytes(families), 0, format.writer().toBytes(families).length);
            System.out.flush();
        }
    }
}
