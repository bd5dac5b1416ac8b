package io.ferry.remotewrite.queue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A durable first-in, first-out log of {@link QueueRecord records} (encoded request bodies) between
 * the producers of samples (scrapes) and one consumer (a remote-write sender).
 *
 * <p><b>Durability.</b> When {@link #append} returns, its records are on disk (forced) and survive
 * a crash of the process or the machine; when it throws, they may or may not have been kept.
 * The consumer's {@link #acknowledge acknowledged} position is durable too: after a restart,
 * reading from {@link #acknowledged()} gives every record appended and not acknowledged, in order.
 *
 * <p><b>Ordering.</b> Records are read in the order their appends took effect; concurrent appends
 * take effect in some order, the records of one append together, in their list order, never
 * interleaved with another append's.
 *
 * <p><b>The budget.</b> The queue's files stay within a byte budget. An append that would pass it
 * first drops the oldest data, whole segments at a time, acknowledged or not; the samples dropped
 * unacknowledged are added to {@link #droppedSamples()} and logged. Appends never block on the
 * consumer and are never refused for space.
 *
 * <p><b>Threads.</b> All methods are thread-safe. Appends from many threads share the cost of a
 * force (group commit). There is meant to be one consumer; reads do not change the queue, so a
 * consumer may read ahead of what it has acknowledged.
 */
public interface SampleQueue extends AutoCloseable {

    /** Appends {@code records} with one force and returns once they are durable. An empty list stores nothing. */
    void append(List<QueueRecord> records) throws IOException;

    /** {@link #append(List)} of one record. */
    default void append(QueueRecord record) throws IOException {
        append(List.of(record));
    }

    /**
     * Whole records from {@code after} on, as many as fit in {@code maxSamples} samples, but at least
     * one when any is there (a record is never split, so one may hold more than {@code maxSamples}).
     * Only durable records are returned, and never an acknowledged one: a position before
     * {@link #acknowledged()} reads from there, and one in data since dropped by the budget reads
     * from the oldest batch kept. An empty result means nothing more is there
     * yet; its {@link QueueRead#next()} is where to read next time.
     */
    QueueRead read(QueuePosition after, int maxSamples) throws IOException;

    /**
     * Waits until a record after {@code after} can be read, the timeout passes or the queue closes;
     * true when one can be read.
     */
    boolean awaitData(QueuePosition after, Duration timeout) throws InterruptedException;

    /**
     * Records durably that every record before {@code upTo} (a {@link QueueRead#next()} or one of its {@link QueueRead#ends()}) is delivered,
     * and frees the disk space of the segments wholly before it. A position before the current
     * acknowledged one changes nothing.
     */
    void acknowledge(QueuePosition upTo) throws IOException;

    /** Where delivery resumes: the position after the last acknowledged record. */
    QueuePosition acknowledged();

    /** Samples dropped unacknowledged by the budget since this queue was opened. */
    long droppedSamples();

    /** Bytes of records in the queue's segments. */
    long diskBytes();

    /** Stops accepting appends, waits for those under way, and releases the files. */
    @Override
    void close() throws IOException;
}
