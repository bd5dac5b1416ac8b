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
     * Appends a sample of a series given as its {@link LabelFields}: {@code fields[offset .. offset +
     * length)}, which the caller keeps unchanged for as long as the series lives, so that a producer
     * appending the same series every scrape holds a few bytes per series rather than a label set.
     * The same as appending the decoded labels; a storage that writes this encoding copies the bytes.
     */
    default void append(byte[] fields, int offset, int length, long timestampMs, double value) {
        append(LabelFields.decode(fields, offset, length), timestampMs, value);
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
