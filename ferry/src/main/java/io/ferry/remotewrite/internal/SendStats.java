package io.ferry.remotewrite.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleConsumer;

/** What one remote_write's pipeline did, for its metrics. Thread-safe. */
public final class SendStats {
    public final LongAdder appended = new LongAdder();
    public final LongAdder sent = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder retried = new LongAdder();
    public final LongAdder droppedTooOld = new LongAdder();
    public final LongAdder droppedByRelabel = new LongAdder();
    /** Samples write relabeling made a second sample of a series at the same time in one commit. */
    public final LongAdder droppedAsDuplicate = new LongAdder();
    /** Samples lost because the queue could not be written (a full or failing disk). */
    public final LongAdder droppedUnwritten = new LongAdder();
    /** Milliseconds; {@link Long#MIN_VALUE} until a sample is sent. */
    public final AtomicLong highestSentTimestampMs = new AtomicLong(Long.MIN_VALUE);
    /** Whether the latest answer was one to retry (5xx, no response, 429 when retried); a send clears it. */
    public volatile boolean failing;
    /** The latest failure (a retried or rejected answer, a failed queue write); null while there was none. */
    public volatile Failure lastFailure;
    /** Seconds one record took to send, retries included. */
    public final DoubleConsumer sendDuration;

    public SendStats(DoubleConsumer sendDuration) {
        this.sendDuration = sendDuration;
    }

    /** Notes {@code message} as the latest failure, at {@code timeMillis}. */
    public void failed(String message, long timeMillis) {
        lastFailure = new Failure(message, timeMillis);
    }

    /** A failure and its Unix time in milliseconds. */
    public record Failure(String message, long timeMillis) {
    }
}
