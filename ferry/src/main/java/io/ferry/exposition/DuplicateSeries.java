package io.ferry.exposition;

/**
 * What a text parser does with a series the body has already given (the same name, labels and
 * timestamp):
 *
 * <pre>{@code
 * ExpositionParser scrape = ExpositionFormat.PROMETHEUS_TEXT.parser(limits, DuplicateSeries.KEEP);
 * }</pre>
 *
 * <p>A push refuses it ({@link ExpositionException#duplicateSeries()}), which the push service
 * takes as the Pushgateway does, as inconsistent. A scrape keeps it as a metric of its own, as
 * protobuf bodies always do, so that the scraper, which sees every series after relabeling, keeps
 * the first sample and counts the rest, as Prometheus does.
 */
public enum DuplicateSeries {
    /** The body is refused with {@link ExpositionException#duplicateSeries()}. */
    REFUSE,
    /** Each repeat of a value series is another metric with the same labels, in body order. */
    KEEP
}
