package io.ferry.remotewrite.queue;

import java.io.IOException;
import java.time.Duration;

/**
 * A durable first-in, first-out log of sample batches between the producers of samples (scrapes)
 * and one consumer (a remote-write sender).
 *
 * <p><b>Durability.</b> When {@link #append} returns, the batch is on disk (forced) and survives a
 * crash of the process or the machine; when it throws, the batch may or may not have been kept.
 * The consumer's {@link #acknowledge acknowledged} position is durable too: after a restart,
 * reading from {@link #acknowledged()} gives every batch appended and not acknowledged, in order.
 *
 * <p><b>Ordering.</b> Batches are read in the order their appends took effect; concurrent appends
 * take effect in some order, each batch whole and never interleaved with another. Within a batch,
 * series and samples keep the order of the batch.
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

    /** Appends {@code batch} and returns once it is durable. An empty batch is not stored. */
    void append(SampleBatch batch) throws IOException;

    /**
     * Whole batches from {@code after} on, as many as fit in {@code maxSamples} samples, but at least
     * one when any is there (a batch is never split, so one may hold more than {@code maxSamples}).
     * Only durable batches are returned, and never an acknowledged one: a position before
     * {@link #acknowledged()} reads from there, and one in data since dropped by the budget reads
     * from the oldest batch kept. An empty result means nothing more is there
     * yet; its {@link QueueRead#next()} is where to read next time.
     */
    QueueRead read(QueuePosition after, int maxSamples) throws IOException;

    /**
     * Waits until a batch after {@code after} can be read, the timeout passes or the queue closes;
     * true when one can be read.
     */
    boolean awaitData(QueuePosition after, Duration timeout) throws InterruptedException;

    /**
     * Records durably that every batch before {@code upTo} (a {@link QueueRead#next()}) is delivered,
     * and frees the disk space of the segments wholly before it. A position before the current
     * acknowledged one changes nothing.
     */
    void acknowledge(QueuePosition upTo) throws IOException;

    /** Where delivery resumes: the position after the last acknowledged batch. */
    QueuePosition acknowledged();

    /** Samples dropped unacknowledged by the budget since this queue was opened. */
    long droppedSamples();

    /** Bytes of records in the queue's segments. */
    long diskBytes();

    /** Stops accepting appends, waits for those under way, and releases the files. */
    @Override
    void close() throws IOException;
}
