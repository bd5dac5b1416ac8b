package io.ferry.remotewrite.queue.internal;

import io.ferry.remotewrite.queue.QueuePosition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The queue's bookkeeping: which segments there are, how far each holds forced records (readers see
 * nothing beyond), the bytes they take, and the acknowledged position. Reads no file; the callers
 * create, read and delete the segments it tells of.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread; one lock guards the whole
 * state, and readers waiting in {@link #awaitData} wake when the writer {@link #published} records.
 * Only the writer thread adds segments and publishes.
 */
public final class QueueSegments {

    /** Where a read starts, and the durable end of its segment: nothing to read when {@code from.offset() >= limit}. */
    public record Readable(QueuePosition from, long limit) {
        public boolean isEmpty() {
            return from.offset() >= limit;
        }
    }

    /**
     * A segment the budget took out: its extent, and the acknowledged position when it went (for
     * counting the samples that were still to deliver).
     */
    public record Dropped(long number, long bytes, long samples, QueuePosition acknowledged) {
    }

    /** Starts a new segment when the one to drop is the one being appended to; called without the lock. */
    @FunctionalInterface
    public interface Roll {
        void roll() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    // Guarded by lock:
    private final TreeMap<Long, SegmentExtent> segments;
    private long diskBytes;
    private QueuePosition acknowledged;

    /** @param segments at least one; the last is the one appended to */
    QueueSegments(TreeMap<Long, SegmentExtent> segments, QueuePosition acknowledged) {
        this.segments = segments;
        this.acknowledged = acknowledged;
        for (SegmentExtent s : segments.values()) {
            diskBytes += s.bytes;
        }
    }

    // ---- the writer's side ---------------------------------------------------------------

    /** After a batch of {@code bytes} holding {@code samples} is forced: the last segment now ends at {@code end}. */
    public void published(long end, long samples, long bytes) {
        lock.lock();
        try {
            SegmentExtent s = segments.lastEntry().getValue();
            s.bytes = end;
            s.samples += samples;
            diskBytes += bytes;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A new, empty last segment. */
    public void added(long number) {
        lock.lock();
        try {
            segments.put(number, new SegmentExtent(number, 0, 0));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes out the oldest segments until {@code incoming} more bytes fit {@code budgetBytes}, and
     * returns them, oldest first, for the caller to count and delete. When the oldest is the only
     * one, {@code roll} starts another first; when that one holds nothing yet (a single append larger
     * than the budget), nothing more is dropped. An acknowledged position inside a dropped segment
     * moves to the start of the oldest one kept.
     */
    public List<Dropped> dropOldestToFit(long incoming, long budgetBytes, Roll roll) throws IOException {
        List<Dropped> dropped = new ArrayList<>();
        lock.lock();
        try {
            while (diskBytes + incoming > budgetBytes) {
                if (segments.size() == 1) {
                    if (segments.firstEntry().getValue().bytes == 0) {
                        break; // a single append larger than the budget: kept, as nothing else can be dropped
                    }
                    lock.unlock();
                    try {
                        roll.roll();
                    } finally {
                        lock.lock();
                    }
                    continue; // an acknowledgement may have taken the old segment meanwhile: look again
                }
                SegmentExtent oldest = segments.pollFirstEntry().getValue();
                diskBytes -= oldest.bytes;
                dropped.add(new Dropped(oldest.number, oldest.bytes, oldest.samples, acknowledged));
                if (acknowledged.segment() <= oldest.number) {
                    acknowledged = new QueuePosition(segments.firstKey(), 0);
                }
            }
        } finally {
            lock.unlock();
        }
        return dropped;
    }

    // ---- the readers' side ---------------------------------------------------------------

    /** What can be read from {@code after} on: the normalized start and its segment's durable end. */
    public Readable readable(QueuePosition after) {
        lock.lock();
        try {
            return readableLocked(after);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a record after {@code after} can be read (true), or {@code nanos} pass or
     * {@code closed} says so (false).
     */
    public boolean awaitData(QueuePosition after, long nanos, BooleanSupplier closed) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (!readableLocked(after).isEmpty()) {
                    return true;
                }
                if (closed.getAsBoolean() || nanos <= 0) {
                    return false;
                }
                nanos = appended.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every reader waiting in {@link #awaitData}, to look at {@code closed} again. */
    public void wakeReaders() {
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Readable readableLocked(QueuePosition after) {
        QueuePosition from = normalize(after);
        SegmentExtent s = segments.get(from.segment());
        return new Readable(from, s == null ? from.offset() : s.bytes);
    }

    /**
     * {@code p} moved past acknowledged and dropped data and the ends of finished segments, to where
     * the next record would be; under the lock.
     */
    private QueuePosition normalize(QueuePosition p) {
        if (p.compareTo(acknowledged) < 0) {
            p = acknowledged; // delivered: never handed out again
        }
        long first = segments.firstKey();
        if (p.segment() < first) {
            p = new QueuePosition(first, 0);
        }
        while (true) {
            SegmentExtent s = segments.get(p.segment());
            if (s == null) {
                Long later = segments.ceilingKey(p.segment());
                if (later == null) {
                    return p;
                }
                p = new QueuePosition(later, 0);
            } else if (p.offset() >= s.bytes && s.number != segments.lastKey()) {
                p = new QueuePosition(segments.higherKey(s.number), 0);
            } else {
                return p;
            }
        }
    }

    // ---- acknowledgement -----------------------------------------------------------------

    /**
     * Where acknowledging {@code upTo} moves the acknowledged position, or null when it does not
     * move it. Throws {@link IllegalArgumentException} for a position past the end of the queue.
     */
    public QueuePosition acknowledgeTarget(QueuePosition upTo) {
        lock.lock();
        try {
            SegmentExtent last = segments.lastEntry().getValue();
            if (upTo.compareTo(new QueuePosition(last.number, last.bytes)) > 0) {
                throw new IllegalArgumentException("acknowledging " + upTo + ", past the end of the queue at "
                        + last.number + "/" + last.bytes);
            }
            QueuePosition to = normalize(upTo);
            return to.compareTo(acknowledged) > 0 ? to : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the acknowledged position to {@code to} (once it is stored) and takes out the segments
     * wholly before it; returns their numbers, for the caller to delete.
     */
    public List<Long> acknowledge(QueuePosition to) {
        List<Long> done = new ArrayList<>();
        lock.lock();
        try {
            if (to.compareTo(acknowledged) > 0) {
                acknowledged = to;
            }
            // Only before the cursor's segment, which is never the one being appended to once passed.
            for (Map.Entry<Long, SegmentExtent> e = segments.firstEntry(); e != null && e.getKey() < to.segment();
                 e = segments.firstEntry()) {
                segments.pollFirstEntry();
                diskBytes -= e.getValue().bytes;
                done.add(e.getKey());
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    public QueuePosition acknowledged() {
        lock.lock();
        try {
            return acknowledged;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of records in the segments. */
    public long diskBytes() {
        lock.lock();
        try {
            return diskBytes;
        } finally {
            lock.unlock();
        }
    }
}
