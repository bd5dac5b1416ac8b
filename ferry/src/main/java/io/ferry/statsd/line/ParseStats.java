package io.ferry.statsd.line;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.Registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link LineParser} has seen: lines, samples, tags, and errors by reason, statsd_exporter's
 * parse counters.
 *
 * <pre>{@code
 * ParseStats stats = new ParseStats();
 * stats.registerOn(registry);   // ferry_statsd_lines_total, ..._sample_errors_total{reason}, ...
 * LineParser parser = new LineParser(TagStyles.ALL, stats);
 * }</pre>
 *
 * <p>Thread-safe: any number of parsers on any number of threads add to one instance, without
 * locks ({@link LongAdder}s). A parser adds its counts when it has finished a packet (or line),
 * so counts trail the events by at most that packet; reads of different counters are not one
 * snapshot.
 */
public final class ParseStats {
    private static final SampleError[] REASONS = SampleError.values();

    private final LongAdder lines = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder tags = new LongAdder();
    private final LongAdder tagErrors = new LongAdder();
    private final LongAdder[] sampleErrors = new LongAdder[REASONS.length];

    public ParseStats() {
        for (int i = 0; i < sampleErrors.length; i++) {
            sampleErrors[i] = new LongAdder();
        }
    }

    /** Lines received, empty ones included (a packet ending in a newline has an empty last line). */
    public long lines() {
        return lines.sum();
    }

    /** Samples received: a line {@code a:1|c:2|c} has two, {@code a:1:2:3|ms} three. */
    public long samples() {
        return samples.sum();
    }

    /** Lines or samples refused (or, for some rates, repaired) for {@code reason}. */
    public long sampleErrors(SampleError reason) {
        return sampleErrors[reason.ordinal()].sum();
    }

    /** Every sample error, all reasons together. */
    public long sampleErrorsTotal() {
        long sum = 0;
        for (LongAdder a : sampleErrors) {
            sum += a.sum();
        }
        return sum;
    }

    /** Samples that carried at least one tag (statsd_exporter counts samples here, not tags). */
    public long tags() {
        return tags.sum();
    }

    /** Tags ignored because they were empty, had no separator, or an empty key or value. */
    public long tagErrors() {
        return tagErrors.sum();
    }

    /**
     * Exposes the counters on {@code registry} as {@code ferry_statsd_lines_total},
     * {@code ferry_statsd_samples_total}, {@code ferry_statsd_sample_errors_total{reason}} (every
     * reason, from 0), {@code ferry_statsd_tags_total} and {@code ferry_statsd_tag_errors_total}.
     * Call once per registry.
     */
    public void registerOn(Registry registry) {
        registry.register(this::families);
    }

    private List<MetricFamily> families() {
        List<Metric> errors = new ArrayList<>(REASONS.length);
        for (SampleError reason : REASONS) {
            errors.add(ValueMetric.of(Labels.of("reason", reason.reason()), sampleErrors(reason)));
        }
        return List.of(
                counter("ferry_statsd_lines_total", "StatsD lines received.", lines()),
                counter("ferry_statsd_samples_total", "StatsD samples received.", samples()),
                new MetricFamily("ferry_statsd_sample_errors_total", MetricType.COUNTER,
                        "StatsD lines and samples refused while parsing, by reason.", null, errors),
                counter("ferry_statsd_tags_total", "StatsD samples that carried tags.", tags()),
                counter("ferry_statsd_tag_errors_total", "StatsD tags ignored as malformed.", tagErrors()));
    }

    private static MetricFamily counter(String name, String help, long value) {
        return new MetricFamily(name, MetricType.COUNTER, help, null, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }

    /** Adds one parse call's counts; {@code errors} is indexed by {@link SampleError#ordinal()}, or null when none. */
    void add(long lineCount, long sampleCount, long tagCount, long tagErrorCount, int[] errors) {
        if (lineCount != 0) {
            lines.add(lineCount);
        }
        if (sampleCount != 0) {
            samples.add(sampleCount);
        }
        if (tagCount != 0) {
            tags.add(tagCount);
        }
        if (tagErrorCount != 0) {
            tagErrors.add(tagErrorCount);
        }
        if (errors != null) {
            for (int i = 0; i < errors.length; i++) {
                if (errors[i] != 0) {
                    sampleErrors[i].add(errors[i]);
                }
            }
        }
    }
}
