package io.ferry.bench;

import io.ferry.config.ConfigException;
import io.ferry.config.RelabelConfigReader;
import io.ferry.model.Labels;
import io.ferry.relabel.RelabelScratch;
import io.ferry.relabel.Relabeler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Relabels label sets as a Kubernetes scrape configuration does, to measure the regex engine
 * behind {@code relabel_configs}:
 * <ul>
 *   <li>{@code target}: {@value #TARGETS} discovered pods (17 {@code __meta_*} labels each) through
 *       a keep on an annotation, a replace of {@code __address__} with capture groups, a labelmap
 *       of the pod labels and three replaces of namespace, pod and container;</li>
 *   <li>{@code metric}: {@value #SERIES} series through a drop on {@code __name__} (an alternation
 *       of prefixes), a keep of an allowlist of names, a replace with a capture group into a new
 *       label and a labeldrop.</li>
 * </ul>
 * The score is nanoseconds per label set ({@code @OperationsPerInvocation}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RelabelBenchmark {
    static final int TARGETS = 500;
    static final int SERIES = 2_000;

    static final String TARGET_RULES = """
            relabel_configs:
              - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                action: keep
                regex: "true"
              - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
                action: replace
                regex: '([^:]+)(?::\\d+)?;(\\d+)'
                replacement: $1:$2
                target_label: __address__
              - action: labelmap
                regex: __meta_kubernetes_pod_label_(.+)
              - source_labels: [__meta_kubernetes_namespace]
                target_label: namespace
              - source_labels: [__meta_kubernetes_pod_name]
                target_label: pod
              - source_labels: [__meta_kubernetes_pod_container_name]
                regex: '(.+)-container'
                target_label: container
            """;

    static final String METRIC_RULES = """
            relabel_configs:
              - source_labels: [__name__]
                action: drop
                regex: 'go_.*|process_.*|promhttp_.*'
              - source_labels: [__name__]
                action: keep
                regex: 'http_requests_total|http_request_duration_seconds_(?:bucket|sum|count)|node_cpu_seconds_total|node_memory_.+|app_.*'
              - source_labels: [__name__]
                regex: '([a-z]+)_.*'
                target_label: subsystem
                replacement: $1
              - action: labeldrop
                regex: 'pod_template_hash|controller_revision_hash'
            """;

    private Relabeler targetRelabeler;
    private Relabeler metricRelabeler;
    private RelabelScratch targetScratch;
    private RelabelScratch metricScratch;
    private Labels[] targets;
    private Labels[] series;

    @Setup(Level.Trial)
    public void setUp() throws ConfigException {
        targetRelabeler = Relabeler.of(RelabelConfigReader.parse(TARGET_RULES, "target.yml"));
        metricRelabeler = Relabeler.of(RelabelConfigReader.parse(METRIC_RULES, "metric.yml"));
        targetScratch = targetRelabeler.newScratch();
        metricScratch = metricRelabeler.newScratch();
        targets = new Labels[TARGETS];
        for (int i = 0; i < TARGETS; i++) {
            String app = "svc-" + (i % 40);
            targets[i] = Labels.of(
                    "__address__", "10.1." + (i / 250) + "." + (i % 250) + ":8080",
                    "__meta_kubernetes_namespace", "team-" + (i % 7),
                    "__meta_kubernetes_pod_name", app + "-7d9f8b6c4-" + Integer.toString(10_000 + i, 36),
                    "__meta_kubernetes_pod_ip", "10.1." + (i / 250) + "." + (i % 250),
                    "__meta_kubernetes_pod_node_name", "node-" + (i % 12),
                    "__meta_kubernetes_pod_container_name", app + "-container",
                    "__meta_kubernetes_pod_container_port_number", "8080",
                    "__meta_kubernetes_pod_container_port_name", "http-metrics",
                    "__meta_kubernetes_pod_ready", "true",
                    "__meta_kubernetes_pod_phase", "Running",
                    "__meta_kubernetes_pod_uid", "5f0c1e2a-" + Integer.toHexString(0x1000 + i) + "-4b6e-9c1d-2f7a8e3b9d10",
                    "__meta_kubernetes_pod_controller_kind", "ReplicaSet",
                    "__meta_kubernetes_pod_label_app", app,
                    "__meta_kubernetes_pod_label_pod_template_hash", "7d9f8b6c4",
                    "__meta_kubernetes_pod_label_tier", i % 3 == 0 ? "frontend" : "backend",
                    "__meta_kubernetes_pod_annotation_prometheus_io_scrape", i % 10 == 0 ? "false" : "true",
                    "__meta_kubernetes_pod_annotation_prometheus_io_port", "9102");
        }
        String[] names = {"http_requests_total", "http_request_duration_seconds_bucket", "go_goroutines",
                "process_cpu_seconds_total", "node_cpu_seconds_total", "node_memory_MemFree_bytes",
                "app_orders_processed_total", "promhttp_metric_handler_requests_total", "grpc_server_handled_total",
                "app_queue_depth"};
        series = new Labels[SERIES];
        for (int i = 0; i < SERIES; i++) {
            series[i] = Labels.of(
                    "__name__", names[i % names.length],
                    "instance", "10.1.0." + (i % 50) + ":9102",
                    "job", "kubernetes-pods",
                    "method", i % 2 == 0 ? "GET" : "POST",
                    "pod_template_hash", "7d9f8b6c4",
                    "status", Integer.toString(200 + i % 5));
        }
    }

    @Benchmark
    @OperationsPerInvocation(TARGETS)
    public void target(Blackhole bh) {
        for (Labels l : targets) {
            bh.consume(targetRelabeler.apply(l, targetScratch));
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void metric(Blackhole bh) {
        for (Labels l : series) {
            bh.consume(metricRelabeler.apply(l, metricScratch));
        }
    }
}
