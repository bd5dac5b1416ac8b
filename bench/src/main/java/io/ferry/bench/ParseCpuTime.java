package io.ferry.bench;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ExpositionParser;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.MetricFamily;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Parse throughput per CPU-second, for comparing two revisions on a shared machine: JMH's score is
 * per wall-clock second, so when other processes take the cores it falls with the load, while CPU
 * time does not (it still moves with cache sharing and clock speed, so alternate the revisions).
 * Same body and parser use as {@link ExpositionBenchmark#parse}. Two figures: per CPU-second of the
 * whole JVM (the parsing thread plus the garbage collector's and compiler's threads: the honest
 * cost), and per CPU-second of the parsing thread alone; and, for reference, per wall-clock second.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.ferry.bench.ParseCpuTime PROMETHEUS_TEXT OPENMETRICS
 * }</pre>
 *
 * Prints, per format, the median and range of MB per CPU-second over the measured rounds. Optional
 * system properties: {@code warmup} and {@code rounds} (each round about one CPU-second).
 */
public final class ParseCpuTime {
    private static volatile Object sink;

    private ParseCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("warmup", 8);
        int rounds = Integer.getInteger("rounds", 10);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<MetricFamily> families = ScrapeBody.families();
        for (String name : args.length == 0 ? new String[] {"PROMETHEUS_TEXT", "OPENMETRICS"} : args) {
            ExpositionFormat format = ExpositionFormat.valueOf(name);
            byte[] body = format.writer().toBytes(families);
            ExpositionParser parser = format.parser(ParseLimits.DEFAULT);
            double[] mbPerCpuSecond = new double[rounds];
            double[] mbPerProcessCpuSecond = new double[rounds];
            double[] mbPerWallSecond = new double[rounds];
            for (int r = -warmup; r < rounds; r++) {
                long w0 = System.nanoTime();
                long p0 = os.getProcessCpuTime();
                long t0 = cpu.getCurrentThreadCpuTime();
                long ops = 0;
                long t;
                do {
                    sink = parser.parse(body);
                    ops++;
                } while ((t = cpu.getCurrentThreadCpuTime()) - t0 < 1_000_000_000L);
                long p = os.getProcessCpuTime();
                long w = System.nanoTime();
                if (r >= 0) {
                    mbPerWallSecond[r] = ops * body.length / 1e6 / ((w - w0) / 1e9);
                    mbPerCpuSecond[r] = ops * body.length / 1e6 / ((t - t0) / 1e9);
                    mbPerProcessCpuSecond[r] = ops * body.length / 1e6 / ((p - p0) / 1e9);
                }
            }
            System.out.printf("%s parse, body %,d bytes, MB per CPU-second (median of %d rounds, range): JVM %s, thread %s; per wall second %s%n",
                    format, body.length, rounds, summary(mbPerProcessCpuSecond), summary(mbPerCpuSecond),
                    summary(mbPerWallSecond));
        }
    }

    private static String summary(double[] figures) {
        double[] sorted = figures.clone();
        Arrays.sort(sorted);
        return String.format("%.0f (%.0f to %.0f)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }
}
