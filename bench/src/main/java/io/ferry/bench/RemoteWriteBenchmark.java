package io.ferry.bench;

import io.ferry.wire.ByteSink;
import io.ferry.model.Labels;
import io.ferry.remotewrite.SnappyBody;
import io.ferry.remotewrite.WriteRequestEncoder;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds one remote write request as a sender would after one scrape of a histogram-heavy
 * target: {@value #SERIES} series with one sample each, encoded by {@link WriteRequestEncoder}
 * into a reused {@link ByteSink} and compressed into a reused {@link SnappyBody}.
 *
 * <p>The series: 20 histogram families of 10 label sets each (12 buckets, {@code _sum},
 * {@code _count}: 2,800 series) and 200 counters, each with the target labels {@code job} and
 * {@code instance} plus one to three labels of their own, like an HTTP server's request metrics.
 *
 * <p>The score is nanoseconds per sample ({@code @OperationsPerInvocation}); with {@code -prof gc}
 * {@code gc.alloc.rate.norm} is bytes per sample, so bytes per request is that times
 * {@value #SERIES}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class RemoteWriteBenchmark {
    static final int SERIES = 3_000;

    private String[] names;
    private Labels[] labels;
    private double[] values;
    private long timestamp;
    private WriteRequestEncoder encoder;
    private SnappyBody body;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> n = new ArrayList<>();
        List<Labels> l = new ArrayList<>();
        String[] les = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
        String[] methods = {"GET", "POST"};
        String[] codes = {"200", "201", "400", "404", "500"};
        for (int f = 0; f < 20; f++) {
            String family = "http_server_request_duration_seconds_" + f;
            for (int s = 0; s < 10; s++) {
                Labels base = Labels.of("job", "api-gateway", "instance", "10.0.3.17:8080",
                        "method", methods[s % 2], "code", codes[s % 5], "handler", "/api/v1/items/{id}/" + f);
                for (String le : les) {
                    n.add(family + "_bucket");
                    l.add(base.with("le", le));
                }
                n.add(family + "_sum");
                l.add(base);
                n.add(family + "_count");
                l.add(base);
            }
        }
        for (int c = 0; n.size() < SERIES; c++) {
            n.add("process_events_total");
            l.add(Labels.of("job", "api-gateway", "instance", "10.0.3.17:8080", "event", "event_" + c));
        }
        names = n.toArray(String[]::new);
        labels = l.toArray(Labels[]::new);
        values = new double[SERIES];
        for (int i = 0; i < SERIES; i++) {
            values[i] = i % 14 == 13 ? 123.456 * i : i * 7;
        }
        timestamp = 1_763_700_000_000L;
        encoder = new WriteRequestEncoder(new ByteSink(1 << 16));
        body = new SnappyBody();
        encodeAndCompress();
        System.out.printf("%n[setup] %,d series, request %,d bytes, snappy %,d bytes%n",
                encoder.seriesCount(), encoder.size(), body.length());
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public int encodeAndCompress() {
        encoder.reset();
        for (int i = 0; i < SERIES; i++) {
            encoder.series(names[i], labels[i], values[i], timestamp);
        }
        body.compress(encoder.sink());
        return body.length();
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public int encodeOnly() {
        encoder.reset();
        for (int i = 0; i < SERIES; i++) {
            encoder.series(names[i], labels[i], values[i], timestamp);
        }
        return encoder.size();
    }
}
