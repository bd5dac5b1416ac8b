package io.ferry.bench;

import io.ferry.wire.ByteSink;
import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ExpositionParser;
import io.ferry.exposition.ExpositionWriter;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.MetricFamily;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parse and write throughput of the three exposition codecs on one realistic body
 * ({@link ScrapeBody}: about 2,800 samples, 60% of them histogram samples).
 *
 * <ul>
 *   <li>{@code parse}: one {@link ExpositionParser#parse(byte[])} of the whole body into the model,
 *       the families handed to a {@link Blackhole}. The parser is created once per trial and reused,
 *       as a scrape loop would keep one per target.</li>
 *   <li>{@code write}: one {@link ExpositionWriter#write} of the whole model into a {@link ByteSink}
 *       that is reset before each operation and so never grows after the first.</li>
 * </ul>
 *
 * <p>Each {@code format} parameter value (text 0.0.4, OpenMetrics, protobuf) gets its own body,
 * produced from the same model by that format's writer, so the three parsers read the same samples.
 *
 * <p><b>Units.</b> The score is operations (whole bodies) per second. The setup prints the body's
 * size in bytes and its sample count, and {@link Report} turns a CSV result file into the two figures
 * that compare across formats and with other implementations:
 * <ul>
 *   <li>MB/s = ops/s × body bytes / 10<sup>6</sup> (for write, the bytes written, which are the same body);</li>
 *   <li>ns per sample = 10<sup>9</sup> / (ops/s) / samples, where a sample is one exposed value: a
 *       counter or gauge line, one histogram bucket, a {@code _sum} or a {@code _count}, one summary
 *       quantile ({@link ScrapeBody#sampleCount}).</li>
 * </ul>
 * {@code @OperationsPerInvocation} is not used because the sample count is computed from the model,
 * not a compile-time constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ExpositionBenchmark {

    @Param({"PROMETHEUS_TEXT", "OPENMETRICS", "PROTOBUF"})
    public ExpositionFormat format;

    private List<MetricFamily> families;
    private byte[] body;
    private ExpositionParser parser;
    private ExpositionWriter writer;
    private ByteSink sink;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws ExpositionException {
        families = ScrapeBody.families();
        writer = format.writer();
        body = writer.toBytes(families);
        parser = format.parser(ParseLimits.DEFAULT);
        sink = new ByteSink(body.length);
        int samples = ScrapeBody.sampleCount(families);
        System.out.printf("%n[setup] %s body: %,d bytes, %,d samples (%,d families)%n",
                format, body.length, samples, families.size());
        if (params.getBenchmark().endsWith(".parse")) {
            // Check once that the body reads back whole, so a broken parser fails the trial
            // instead of timing its error path.
            int parsedSamples = ScrapeBody.sampleCount(parser.parse(body));
            if (parsedSamples != samples) {
                throw new IllegalStateException(format + " parsed " + parsedSamples + " samples, expected " + samples);
            }
        }
    }

    @Benchmark
    public void parse(Blackhole bh) throws ExpositionException {
        bh.consume(parser.parse(body));
    }

    @Benchmark
    public int write() {
        sink.reset();
        writer.write(families, sink);
        return sink.size();
    }
}
