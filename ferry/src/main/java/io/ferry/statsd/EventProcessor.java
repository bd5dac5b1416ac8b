package io.ferry.statsd;

import io.ferry.model.Labels;
import io.ferry.model.MetricNames;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.line.StatsdEvent;
import io.ferry.statsd.line.StatsdNames;
import io.ferry.statsd.mapping.Action;
import io.ferry.statsd.mapping.Mapper;
import io.ferry.statsd.mapping.Mapping;
import io.ferry.statsd.mapping.ObserverType;
import io.ferry.statsd.series.SeriesStore;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One StatsD event into the series store, as statsd_exporter's exporter does it: map the name,
 * drop or scale, escape the name, merge the labels, update the series of the event's kind, and
 * count what happened.
 *
 * <pre>{@code
 * EventProcessor p = new EventProcessor(() -> mapper, store, producers::seen, 128, registry);
 * parser.parsePacket(buf, 0, n, p);
 * }</pre>
 *
 * <p><b>Labels.</b> The event's tags, then the mapping's labels over them; with
 * {@code honor_labels: true} the tags win and the mapping's labels only fill in what the tags lack.
 * <b>Kinds.</b> Counters add (a negative one is refused: {@code illegal_negative_counter}), gauges
 * set or add ({@code +x}/{@code -x}), observers ({@code ms}, {@code h}, {@code d}) go to a summary
 * or, with {@code observer_type: histogram}, a histogram, each event standing for its
 * {@code repeat} observations; sets count distinct members.
 *
 * <p><b>Counted</b>: {@code ferry_statsd_events_total{type}} (every event),
 * {@code ferry_statsd_events_unmapped_total}, {@code ferry_statsd_events_actions_total{action}},
 * {@code ferry_statsd_events_conflict_total{type}} (the name has another type; not labelled by
 * name, whose values are the sender's to choose), {@code ferry_statsd_events_error_total{reason}}
 * ({@code empty_metric_name}, {@code illegal_negative_counter}, {@code max_series},
 * {@code max_labels_per_series}, {@code reserved_label}).
 *
 * <p>Thread-safe: every parse worker calls {@link #accept} at once; the mapper is read at each
 * event, so a reload applies from the next one.
 */
public final class EventProcessor implements Consumer<StatsdEvent> {
    private final Supplier<Mapper> mapper;
    private final SeriesStore store;
    private final Consumer<Labels> producers;
    private final int maxLabels;
    private final Counter.Child[] events = new Counter.Child[MetricKind.values().length];
    private final Counter.Child unmapped;
    private final Counter.Child mapped;
    private final Counter.Child dropped;
    private final Counter conflicts;
    private final Counter errors;

    /**
     * @param mapper    the mapper in effect, read at each event
     * @param producers told the final labels of each event stored (producer liveness)
     * @param maxLabels the most labels on one series; an event with more is dropped
     */
    public EventProcessor(Supplier<Mapper> mapper, SeriesStore store, Consumer<Labels> producers, int maxLabels,
                          Registry registry) {
        this.mapper = mapper;
        this.store = store;
        this.producers = producers;
        this.maxLabels = maxLabels;
        Counter byType = registry.counter("ferry_statsd_events_total", "StatsD events parsed, by type.", "type");
        this.unmapped = registry.counter("ferry_statsd_events_unmapped_total",
                "StatsD events no mapping matched.").labels();
        Counter actions = registry.counter("ferry_statsd_events_actions_total",
                "StatsD events a mapping matched, by its action (map or drop).", "action");
        this.mapped = actions.labels("map");
        this.dropped = actions.labels("drop");
        this.conflicts = registry.counter("ferry_statsd_events_conflict_total",
                "StatsD events dropped because their metric name has another type, by the event's type.", "type");
        this.errors = registry.counter("ferry_statsd_events_error_total",
                "StatsD events dropped, by reason: empty_metric_name, illegal_negative_counter, max_series "
                        + "(statsd.max_series reached), max_labels_per_series (more labels than "
                        + "statsd.max_labels_per_series), reserved_label (a label named __*, or quantile in a summary, "
                        + "le in a histogram).", "reason");
        for (MetricKind k : MetricKind.values()) {
            events[k.ordinal()] = byType.labels(k.label());
        }
        for (String reason : new String[] {"empty_metric_name", "illegal_negative_counter", "max_series",
                "max_labels_per_series", "reserved_label"}) {
            errors.labels(reason);
        }
    }

    @Override
    public void accept(StatsdEvent e) {
        events[e.kind().ordinal()].inc();
        Mapping m = mapper.get().map(e.name(), e.kind());
        if (m.action() == Action.DROP) {
            dropped.inc();
            return;
        }
        (m.mapped() ? mapped : unmapped).inc();
        String name = StatsdNames.escape(m.name());
        if (name.isEmpty()) {
            errors.labels("empty_metric_name").inc();
            return;
        }
        Labels labels = merge(e.tags(), m.labels(), m.honorLabels());
        if (labels.size() > maxLabels) {
            errors.labels("max_labels_per_series").inc();
            return;
        }
        boolean histogram = m.observerType() == ObserverType.HISTOGRAM;
        if (hasReservedLabel(labels, e.kind() != MetricKind.OBSERVER ? null : histogram ? "le" : "quantile")) {
            errors.labels("reserved_label").inc();
            return;
        }
        double value = Double.isNaN(m.scale()) ? e.value() : e.value() * m.scale();
        SeriesStore.Outcome outcome = switch (e.kind()) {
            case COUNTER -> store.counter(name, m.help(), labels, value, m.ttlMillis());
            case GAUGE -> store.gauge(name, m.help(), labels, value, e.relative(), m.ttlMillis());
            case OBSERVER -> histogram
                    ? store.histogram(name, m.help(), labels, value, e.repeat(), m.histogram(), m.ttlMillis())
                    : store.summary(name, m.help(), labels, value, e.repeat(), m.summary(), m.ttlMillis());
            case SET -> store.set(name, m.help(), labels, e.member(), m.ttlMillis());
        };
        switch (outcome) {
            case OK -> producers.accept(labels);
            case CONFLICT -> conflicts.labels(e.kind().label()).inc();
            case NEGATIVE_COUNTER -> errors.labels("illegal_negative_counter").inc();
            case LIMIT -> errors.labels("max_series").inc();
        }
    }

    /**
     * Whether a label would break the exposition of every series Ferry serves: a name Prometheus
     * reserves ({@code __} first, as {@code __name__}), or {@code ownLabel}, the one the series' own
     * samples carry ({@code quantile} in a summary, {@code le} in a histogram), which would then
     * appear twice. client_golang refuses both when such a series is made.
     */
    static boolean hasReservedLabel(Labels labels, String ownLabel) {
        for (int i = 0; i < labels.size(); i++) {
            String n = labels.name(i);
            if (MetricNames.isReservedLabelName(n) || n.equals(ownLabel)) {
                return true;
            }
        }
        return false;
    }

    /** The tags, then the mapping's labels over them; the other way round with {@code honorLabels}. */
    static Labels merge(Labels tags, Labels mappingLabels, boolean honorLabels) {
        if (mappingLabels.isEmpty()) {
            return tags;
        }
        if (tags.isEmpty()) {
            return mappingLabels;
        }
        Labels under = honorLabels ? mappingLabels : tags;
        Labels over = honorLabels ? tags : mappingLabels;
        Labels out = under;
        for (int i = 0; i < over.size(); i++) {
            out = out.with(over.name(i), over.value(i));
        }
        return out;
    }
}
