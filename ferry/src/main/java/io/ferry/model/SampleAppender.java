package io.ferry.model;

import java.io.IOException;

/**
 * Takes the samples of one unit of work, such as one scrape of one target, and stores them
 * together: nothing counts as stored until {@link #commit} returns.
 *
 * <pre>{@code
 * SampleAppender a = storage.appender(targetKey);
 * a.append(Labels.of("__name__", "up", "job", "api", "instance", "10.0.0.1:9100"), nowMs, 1);
 * a.commit();   // durable now
 * }</pre>
 *
 * <p><b>Series.</b> {@code series} is the whole label set, {@code __name__} included; labels with an
 * empty value count as absent. A value of {@link StaleNaN#VALUE} ends the series.
 *
 * <p><b>Ordering.</b> Within one appender, samples are stored in the order appended. Appenders
 * obtained with the same key are committed in the order their commits are called; a receiver sees
 * a series' samples in that order as long as the series is always appended under one key.
 *
 * <p><b>Durability.</b> When {@link #commit} returns, every sample appended is on disk and will be
 * delivered, across restarts; when it throws, none of them counts as stored. After either, the
 * appender is spent. {@link #rollback} discards the samples.
 *
 * <p><b>Threads.</b> Not thread-safe: one appender per unit of work, used by one thread at a time.
 */
public interface SampleAppender {

    void append(Labels series, long timestampMs, double value);

    /**
     * Appends a sample of a series the caller keeps a {@link SeriesRef} for; the same as appending
     * to its labels, but a storage may reuse what it derived from them the last time.
     */
    default void append(SeriesRef series, long timestampMs, double value) {
        append(series.labels(), timestampMs, value);
    }

    /** Stores every sample appended, and returns once they are durable. */
    void commit() throws IOException;

    /** Discards every sample appended. */
    void rollback();

    /** Where appenders come from. Thread-safe. */
    interface Storage {
        /**
         * A new appender. Samples of appenders with the same {@code key} keep their order end to end,
         * so a producer passes a key that is stable for the series it appends (a target's identity).
         */
        SampleAppender appender(long key);
    }
}
