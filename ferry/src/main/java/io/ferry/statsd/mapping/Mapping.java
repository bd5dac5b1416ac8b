package io.ferry.statsd.mapping;

import io.ferry.model.Labels;
import io.ferry.statsd.series.HistogramOptions;
import io.ferry.statsd.series.SummaryOptions;

/**
 * What {@link Mapper#map} found for one StatsD name and kind: the metric name and labels to use, and
 * how to record the event.
 *
 * <pre>{@code
 * Mapping m = mapper.map("test.dispatcher.FooProcessor.send.success", MetricKind.COUNTER);
 * m.mapped();   // true
 * m.name();     // "dispatcher_events_total" (not yet escaped)
 * m.labels();   // {action="send", job="test_dispatcher", outcome="success", processor="FooProcessor"}
 * }</pre>
 *
 * <p>An unmapped name gives {@code mapped() == false}, the StatsD name itself, no labels, action
 * {@link Action#MAP} and the file's defaults (observer type, options, ttl). Immutable (the arrays
 * inside the option records are never written after construction), so instances are shared
 * between threads and cached.
 *
 * @param mapped       whether a rule of the file matched
 * @param name         the metric name after template expansion, not yet escaped (may be empty)
 * @param labels       the rule's labels after expansion; the event's tags are merged by the caller
 * @param honorLabels  {@code honor_labels}: an event's tag wins over a rule's label of the same name
 * @param action       {@code map} or {@code drop}
 * @param observerType what an observer event becomes
 * @param histogram    the histogram options (defaults filled in), also when observerType is a summary
 * @param summary      the summary options (defaults filled in), also when observerType is a histogram
 * @param ttlMillis    how long a series lives without updates; 0: for ever
 * @param scale        the factor an event's value is multiplied by, NaN when unset
 * @param help         the HELP text, null when unset
 */
public record Mapping(boolean mapped, String name, Labels labels, boolean honorLabels, Action action,
        ObserverType observerType, HistogramOptions histogram, SummaryOptions summary, long ttlMillis,
        double scale, String help) {
}
