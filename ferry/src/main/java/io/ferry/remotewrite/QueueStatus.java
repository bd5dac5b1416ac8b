package io.ferry.remotewrite;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * One remote_write's queue as the status pages show it: where it sends, what waits, what went wrong
 * last, and how deep the queue was over the last minutes.
 *
 * <pre>{@code
 * for (QueueStatus q : remoteWrite.queues()) {
 *     System.out.println(q.name() + " -> " + q.url() + ": " + q.pendingSamples() + " pending");
 * }
 * }</pre>
 *
 * @param name           the queue's name, the {@code remote_name} label of its metrics
 * @param url            the receiver's URL
 * @param pendingSamples samples in the queue not yet sent or dropped
 * @param diskBytes      bytes of the queue's segments on disk
 * @param samplesSent    samples the receiver accepted since this queue was opened (this run)
 * @param lastError      the latest failure: a retried or rejected answer, or a failed write of the
 *                       queue; empty when there was none since the queue was opened
 * @param lastErrorTime  when {@code lastError} happened; null when there was none
 * @param depth          {@code pendingSamples} sampled every {@link RemoteWrite#DEPTH_PERIOD}, the
 *                       last {@link RemoteWrite#DEPTH_HISTORY} samples, oldest first
 */
public record QueueStatus(String name, URI url, long pendingSamples, long diskBytes, long samplesSent,
                          String lastError, Instant lastErrorTime, List<QueueDepth> depth) {

    public QueueStatus {
        depth = List.copyOf(depth);
    }

    /** One sample of a queue's depth. */
    public record QueueDepth(Instant time, long pendingSamples) {
    }
}
