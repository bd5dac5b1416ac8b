package io.ferry.remotewrite.queue;

import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.OnDamage;
import io.ferry.recordfile.SegmentDirectory;
import io.ferry.remotewrite.queue.internal.CursorFile;
import io.ferry.remotewrite.queue.internal.DiskBudget;
import io.ferry.remotewrite.queue.internal.QueueAppender;
import io.ferry.remotewrite.queue.internal.QueueReader;
import io.ferry.remotewrite.queue.internal.QueueRecordCodec;
import io.ferry.remotewrite.queue.internal.QueueRecovery;
import io.ferry.remotewrite.queue.internal.QueueSegments;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@link SampleQueue} on disk, in a directory of its own:
 *
 * <ul>
 *   <li>{@code segment-00000001}, {@code segment-00000002}...: framed records ({@code io.ferry.recordfile}),
 *       one {@link QueueRecord} each ({@link QueueRecordCodec}); a new segment starts when the current one would
 *       pass {@link Options#segmentBytes()}.</li>
 *   <li>{@code cursor}: the acknowledged position ({@link CursorFile}).</li>
 *   <li>{@code lock}: held while open, so that two processes never share the files.</li>
 * </ul>
 *
 * <pre>{@code
 * try (DiskSampleQueue q = DiskSampleQueue.open(dir, DiskSampleQueue.Options.DEFAULT)) {
 *     q.append(records);                             // durable once it returns
 *     QueueRead r = q.read(q.acknowledged(), 2_000); // send r.records(), then
 *     q.acknowledge(r.next());
 * }
 * }</pre>
 *
 * <p>One writer thread takes every append waiting when it wakes, writes them in one go and forces
 * the segment once for all (group commit); then they become readable and their appenders return.
 * Opening cuts a torn or zero-filled tail from the last segment (what a crash during a write leaves)
 * with a log line; other damage is refused, leaving the files for a person to look at, or with
 * {@link OnDamage#REPAIR} cut after a copy is kept beside the segment.
 *
 * <p>The jobs are split among {@code internal} classes: {@link QueueSegments} (which segments hold
 * how much, and the acknowledged position), {@link QueueAppender} (group commit), {@link DiskBudget},
 * {@link QueueReader} and {@link QueueRecovery} (opening); this class joins them and stores the
 * acknowledged position.
 */
public final class DiskSampleQueue implements SampleQueue {
    private static final SegmentDirectory.Naming SEGMENTS = new SegmentDirectory.Naming("segment-", null);

    /**
     * @param segmentBytes size after which a new segment starts; at most half the budget, so that
     *                     the budget can be kept by dropping whole segments
     * @param budgetBytes  most bytes of segments on disk (Ferry's default: 1 GiB)
     * @param fsync        force before returning from append (off only to measure what it costs)
     * @param maxBatch     most appends sharing one force
     */
    public record Options(long segmentBytes, long budgetBytes, boolean fsync, int maxBatch) {
        public static final Options DEFAULT = new Options(64L << 20, 1L << 30, true, 1024);

        public Options {
            if (segmentBytes <= 0 || budgetBytes < 2 * segmentBytes) {
                throw new IllegalArgumentException("the queue's budget (" + budgetBytes + " bytes) must be at least "
                        + "twice its segment size (" + segmentBytes + " bytes)");
            }
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
            }
        }

        public Options withBudget(long segmentBytes, long budgetBytes) {
            return new Options(segmentBytes, budgetBytes, fsync, maxBatch);
        }
    }

    private final SegmentDirectory files;
    private final Options options;
    private final QueueSegments segments;
    private final DiskBudget budget;
    private final QueueAppender appender;
    private final QueueReader reader;
    private final long unacknowledgedAtOpen;
    private final Object ackLock = new Object();
    private volatile boolean closed;

    private DiskSampleQueue(SegmentDirectory files, Options options, QueueRecovery.Recovered recovered) {
        this.files = files;
        this.options = options;
        this.segments = recovered.segments();
        this.unacknowledgedAtOpen = recovered.unacknowledgedSamples();
        this.budget = new DiskBudget(options.budgetBytes(), files, segments);
        this.appender = new QueueAppender(files, segments, budget, options.segmentBytes(), options.maxBatch(),
                options.fsync());
        this.reader = new QueueReader(files, segments);
    }

    /** {@link #open(Path, Options, OnDamage)} refusing damage no crash explains. */
    public static DiskSampleQueue open(Path dir, Options options) throws IOException {
        return open(dir, options, OnDamage.REFUSE);
    }

    /**
     * Opens (creating if needed) the queue in {@code dir}. Fails when another process holds it, or
     * when a record is damaged in a way a crash cannot explain, unless {@code onDamage} is
     * {@link OnDamage#REPAIR}: then the damage is cut after a copy of it is kept beside the segment.
     */
    public static DiskSampleQueue open(Path dir, Options options, OnDamage onDamage) throws IOException {
        return open(dir, options, onDamage, AppendFile.Opener.FILES);
    }

    /** As {@link #open(Path, Options, OnDamage)}, opening the segments through {@code opener} (a test's failing disk). */
    public static DiskSampleQueue open(Path dir, Options options, OnDamage onDamage, AppendFile.Opener opener)
            throws IOException {
        SegmentDirectory files = SegmentDirectory.lock(dir, SEGMENTS, "queue", opener);
        try {
            DiskSampleQueue q = new DiskSampleQueue(files, options, QueueRecovery.recover(files, onDamage));
            q.appender.start();
            return q;
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
    }

    @Override
    public void append(List<QueueRecord> records) throws IOException {
        appender.append(records);
    }

    @Override
    public QueueRead read(QueuePosition after, int maxSamples) throws IOException {
        return reader.read(after, maxSamples);
    }

    @Override
    public boolean awaitData(QueuePosition after, Duration timeout) throws InterruptedException {
        return segments.awaitData(after, timeout.toNanos(), () -> closed);
    }

    @Override
    public void acknowledge(QueuePosition upTo) throws IOException {
        synchronized (ackLock) {
            QueuePosition to = segments.acknowledgeTarget(upTo);
            if (to == null) {
                return;
            }
            CursorFile.write(files.dir(), to, options.fsync());
            for (long n : segments.acknowledge(to)) {
                files.delete(n);
            }
        }
    }

    @Override
    public QueuePosition acknowledged() {
        return segments.acknowledged();
    }

    /** Samples appended before this open and not acknowledged then: what a restart left to send. */
    public long unacknowledgedSamplesAtOpen() {
        return unacknowledgedAtOpen;
    }

    /** Times writing the queue failed; appends are refused until the writer recovers by itself. */
    public long writeFailures() {
        return appender.writeFailures();
    }

    /** Times the queue took appends again after a failed write. */
    public long recoveries() {
        return appender.recoveries();
    }

    @Override
    public long droppedSamples() {
        return budget.droppedSamples();
    }

    @Override
    public long diskBytes() {
        return segments.diskBytes();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean stopped = appender.close();
        segments.wakeReaders();
        if (stopped) {
            files.close();
        }
    }
}
