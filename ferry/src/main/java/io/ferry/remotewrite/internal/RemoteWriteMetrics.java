package io.ferry.remotewrite.internal;

import io.ferry.http.UrlUserInfo;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The {@code ferry_remote_write_*} families of the remote_writes running now, labelled by
 * {@code remote_name} and {@code url} as Prometheus labels its {@code prometheus_remote_storage_*}.
 * A remote_write removed by a reload disappears from them; one restarted by a changed config starts
 * its counters again (as after a restart of Ferry).
 */
public final class RemoteWriteMetrics {
    private RemoteWriteMetrics() {
    }

    public static List<MetricFamily> collect(Collection<Destination> destinations) {
        List<MetricFamily> out = new ArrayList<>();
        out.add(family("ferry_remote_write_samples_total", MetricType.COUNTER,
                "Samples written to the remote write queue, after write relabeling.", destinations,
                d -> d.stats().appended.sum()));
        out.add(family("ferry_remote_write_samples_sent_total", MetricType.COUNTER,
                "Samples the receiver accepted (2xx).", destinations, d -> d.stats().sent.sum()));
        out.add(family("ferry_remote_write_samples_failed_total", MetricType.COUNTER,
                "Samples the receiver rejected with an answer that is not retried (4xx other than a retried 429); dropped.",
                destinations, d -> d.stats().failed.sum()));
        out.add(family("ferry_remote_write_samples_retried_total", MetricType.COUNTER,
                "Samples sent again after a retryable answer (5xx, network error, 429 when retried), once per retry.",
                destinations, d -> d.stats().retried.sum()));
        List<Metric> dropped = new ArrayList<>();
        for (Destination d : destinations) {
            dropped.add(ValueMetric.of(labels(d).with("reason", "too_old"), d.stats().droppedTooOld.sum()));
            dropped.add(ValueMetric.of(labels(d).with("reason", "queue_full"), d.droppedByBudget()));
            dropped.add(ValueMetric.of(labels(d).with("reason", "write_relabel"), d.stats().droppedByRelabel.sum()));
            dropped.add(ValueMetric.of(labels(d).with("reason", "duplicate"), d.stats().droppedAsDuplicate.sum()));
            dropped.add(ValueMetric.of(labels(d).with("reason", "queue_write_failed"), d.stats().droppedUnwritten.sum()));
        }
        out.add(new MetricFamily("ferry_remote_write_samples_dropped_total", MetricType.COUNTER,
                "Samples not sent, by reason: too_old (sample_age_limit), queue_full (the disk budget dropped them "
                        + "unsent), write_relabel (dropped by write_relabel_configs), duplicate (write_relabel_configs "
                        + "made it a second sample of a series at the same time; the first is sent), "
                        + "queue_write_failed (the queue could not be written, as on a full disk).", null, dropped));
        out.add(family("ferry_remote_write_samples_pending", MetricType.GAUGE,
                "Samples in the queue not yet sent or dropped.", destinations, Destination::pendingSamples));
        out.add(family("ferry_remote_write_shards", MetricType.GAUGE, "Shards sending in parallel.", destinations,
                Destination::shards));
        out.add(family("ferry_remote_write_queue_bytes", MetricType.GAUGE, "Bytes of the queue's segments on disk.",
                destinations, Destination::queueBytes));
        out.add(family("ferry_remote_write_queue_write_failures_total", MetricType.COUNTER,
                "Times writing the queue failed (a full or read-only disk): scraped samples are not queued until it "
                        + "recovers.", destinations, Destination::queueWriteFailures));
        out.add(family("ferry_remote_write_queue_recoveries_total", MetricType.COUNTER,
                "Times the queue took appends again after a failed write (retried every 1 s, doubling to 30 s).",
                destinations, Destination::queueRecoveries));
        List<Metric> highest = new ArrayList<>();
        for (Destination d : destinations) {
            long ms = d.stats().highestSentTimestampMs.get();
            if (ms != Long.MIN_VALUE) {
                highest.add(ValueMetric.of(labels(d), ms / 1000.0));
            }
        }
        out.add(new MetricFamily("ferry_remote_write_highest_sent_timestamp_seconds", MetricType.GAUGE,
                "Newest sample timestamp in a request the receiver accepted.", null, highest));
        return out;
    }

    static Labels labels(Destination d) {
        return Labels.of("remote_name", d.queueName(), "url", UrlUserInfo.redacted(d.config().url()));
    }

    private static MetricFamily family(String name, MetricType type, String help, Collection<Destination> destinations,
                                       ToDoubleFunction<Destination> value) {
        List<Metric> metrics = new ArrayList<>(destinations.size());
        for (Destination d : destinations) {
            metrics.add(ValueMetric.of(labels(d), value.applyAsDouble(d)));
        }
        return new MetricFamily(name, type, help, null, metrics);
    }

}
