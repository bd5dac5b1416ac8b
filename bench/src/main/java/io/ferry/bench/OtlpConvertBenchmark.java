package io.ferry.bench;

import io.ferry.otlp.convert.Conversion;
import io.ferry.otlp.convert.ConversionOptions;
import io.ferry.otlp.convert.OtlpConverter;
import io.ferry.otlp.wire.Attributes;
import io.ferry.otlp.wire.DataPoint;
import io.ferry.otlp.wire.ExportRequest;
import io.ferry.otlp.wire.HistogramPoint;
import io.ferry.otlp.wire.MetricKind;
import io.ferry.otlp.wire.NumberPoint;
import io.ferry.otlp.wire.OtlpMetric;
import io.ferry.otlp.wire.ResourceMetrics;
import io.ferry.otlp.wire.ScopeMetrics;
import io.ferry.otlp.wire.Temporality;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Converts one OTLP export request of {@value #POINTS} points as an SDK batches them: one resource
 * (service name, instance id and five other attributes), one scope, 50 metrics of 20 points each
 * with three attributes per point (dotted keys, so every key is sanitised): 20 cumulative
 * counters, 20 gauges, 10 explicit-bucket histograms with 10 bounds. The request is decoded once
 * in setup (its strings are fresh per point, as a decoder's are). Score: nanoseconds per point;
 * run with {@code -t 2} for the two-core figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OtlpConvertBenchmark {
    static final int POINTS = 1_000;

    private OtlpConverter converter;
    private ExportRequest request;

    @Setup
    public void setup() {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<OtlpMetric> metrics = new ArrayList<>();
        double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
        for (int m = 0; m < 50; m++) {
            List<DataPoint> points = new ArrayList<>();
            for (int p = 0; p < 20; p++) {
                Attributes attrs = Attributes.of(new String("http.request.method"), "GET",
                        new String("http.route"), "/api/v" + p, new String("http.response.status_code"),
                        Integer.toString(200 + m % 5));
                if (m < 40) {
                    points.add(new NumberPoint(attrs, now - 60_000_000_000L, now, m * 20 + p, true, m * 20 + p, 0,
                            List.of()));
                } else {
                    long[] counts = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
                    points.add(new HistogramPoint(attrs, now - 60_000_000_000L, now, 66, true, 12.5, bounds, counts,
                            false, 0, false, 0, 0, List.of()));
                }
            }
            MetricKind kind = m < 20 ? MetricKind.SUM : m < 40 ? MetricKind.GAUGE : MetricKind.HISTOGRAM;
            metrics.add(new OtlpMetric("app.metric." + m, "Metric " + m, m < 40 ? "{request}" : "s", kind,
                    Temporality.CUMULATIVE, kind == MetricKind.SUM, points));
        }
        Attributes resource = Attributes.of("service.name", "checkout", "service.instance.id", "pod-7f9c",
                "host.name", "node-3", "k8s.namespace.name", "shop", "k8s.pod.name", "checkout-7f9c",
                "telemetry.sdk.language", "java", "telemetry.sdk.version", "1.68.0");
        request = new ExportRequest(List.of(new ResourceMetrics(resource,
                List.of(new ScopeMetrics("io.opentelemetry.http", "2.1.0", Attributes.EMPTY, metrics)))));
        converter = new OtlpConverter(ConversionOptions.DEFAULTS);
        Conversion c = converter.convert(request);
        if (c.rejectedPoints() != 0) {
            throw new IllegalStateException("setup request rejected: " + c.messages());
        }
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Conversion convert() {
        return converter.convert(request);
    }
}
