package io.ferry.remotewrite.queue;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record of a {@link SampleQueue}: an opaque, already-encoded request body (for remote write, a
 * snappy-compressed {@code WriteRequest}) with what the consumer needs to route and account for it
 * without decoding it.
 *
 * <pre>{@code
 * queue.append(List.of(new QueueRecord(compressed, 2_000, targetKey, newestTimestampMs)));
 * }</pre>
 *
 * @param body           the bytes, sent as they are; the queue never looks inside
 * @param sampleCount    samples the body holds, at least 1 (for the budget's and the metrics' counts)
 * @param shardKey       the producer's key ({@code SampleAppender.Storage#appender(long)}): records
 *                       with one key are sent in queue order by one shard
 * @param maxTimestampMs the newest sample's timestamp, for {@code sample_age_limit}
 *
 * <p>Immutable by convention: the array is not copied, so neither side may change it after
 * handing it over. Equality compares the bytes.
 */
public record QueueRecord(byte[] body, int sampleCount, long shardKey, long maxTimestampMs) {

    public QueueRecord {
        Objects.requireNonNull(body, "body");
        if (sampleCount < 1) {
            throw new IllegalArgumentException("a queue record holds at least one sample, not " + sampleCount);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueueRecord r && r.sampleCount == sampleCount && r.shardKey == shardKey
                && r.maxTimestampMs == maxTimestampMs && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(body) * 31 + Long.hashCode(shardKey);
    }

    @Override
    public String toString() {
        return "QueueRecord[" + body.length + " bytes, " + sampleCount + " samples, key " + shardKey
                + ", newest " + maxTimestampMs + "]";
    }
}
