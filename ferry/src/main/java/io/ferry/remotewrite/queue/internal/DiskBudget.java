package io.ferry.remotewrite.queue.internal;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.recordfile.SegmentDirectory;
import io.ferry.remotewrite.queue.QueuePosition;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the segments within a byte budget by deleting the oldest whole segments, acknowledged or not,
 * and counts and logs the unacknowledged samples that go with them. {@link #makeRoom} runs on the
 * writer thread; {@link #droppedSamples()} may be read from any.
 */
public final class DiskBudget {
    private static final Logger LOG = Log.logger().with("component", "remote_write_queue");

    private final long budgetBytes;
    private final SegmentDirectory files;
    private final QueueSegments segments;
    private final AtomicLong dropped = new AtomicLong();

    public DiskBudget(long budgetBytes, SegmentDirectory files, QueueSegments segments) {
        this.budgetBytes = budgetBytes;
        this.files = files;
        this.segments = segments;
    }

    /** Drops the oldest segments until {@code incoming} more bytes fit the budget. */
    public void makeRoom(long incoming, QueueSegments.Roll roll) throws IOException {
        for (QueueSegments.Dropped d : segments.dropOldestToFit(incoming, budgetBytes, roll)) {
            long unacknowledged = unacknowledgedIn(d);
            files.delete(d.number());
            dropped.addAndGet(unacknowledged);
            LOG.warn("the remote-write queue is over its disk budget; dropped its oldest segment",
                    "segment", d.number(), "bytes", d.bytes(), "unacknowledged_samples_dropped", unacknowledged,
                    "budget_bytes", budgetBytes, "dropped_samples_total", dropped.get());
        }
    }

    /** Samples of the dropped segment after the position acknowledged when it went. */
    private long unacknowledgedIn(QueueSegments.Dropped d) throws IOException {
        QueuePosition acknowledged = d.acknowledged();
        if (acknowledged.segment() < d.number()) {
            return d.samples();
        }
        if (acknowledged.segment() > d.number()) {
            return 0;
        }
        return QueueReader.countSamples(files.path(d.number()), acknowledged.offset(), d.bytes());
    }

    /** Samples dropped unacknowledged since the queue was opened. */
    public long droppedSamples() {
        return dropped.get();
    }
}
