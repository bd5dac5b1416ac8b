package io.ferry.remotewrite.queue;

import io.ferry.wire.ByteSink;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.FrameReader;
import io.ferry.recordfile.RecordFrame;
import io.ferry.remotewrite.queue.internal.RecordCodec;
import io.ferry.remotewrite.queue.internal.BoundedChannelStream;
import io.ferry.remotewrite.queue.internal.CursorFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link SampleQueue} on disk, in a directory of its own:
 *
 * <ul>
 *   <li>{@code segment-00000001}, {@code segment-00000002}...: framed records ({@code io.ferry.recordfile}),
 *       one {@link QueueRecord} each ({@link RecordCodec}); a new segment starts when the current one would
 *       pass {@link Options#segmentBytes()}.</li>
 *   <li>{@code cursor}: the acknowledged position ({@link CursorFile}).</li>
 *   <li>{@code lock}: held while open, so that two processes never share the files.</li>
 * </ul>
 *
 * <p>One writer thread takes every append waiting when it wakes, writes them in one go and forces
 * the segment once for all (group commit); then they become readable and their appenders return.
 * Opening cuts a torn tail from the last segment (what a crash during a write leaves) with a log
 * line; damage anywhere else is refused, leaving the files for a person to look at.
 */
public final class DiskSampleQueue implements SampleQueue {
    private static final Logger LOG = Log.logger().with("component", "remote_write_queue");

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

    /** A segment's durable extent; changed under {@link #lock} only. */
    private static final class Segment {
        final long number;
        long bytes;
        long samples;

        Segment(long number, long bytes, long samples) {
            this.number = number;
            this.bytes = bytes;
            this.samples = samples;
        }
    }

    private record Pending(byte[] framed, int samples, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(new byte[0], 0, null);

    private final Path dir;
    private final Options options;
    private final FileChannel dirLock;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final Object ackLock = new Object();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    // Guarded by lock:
    private final TreeMap<Long, Segment> segments;
    private long diskBytes;
    private QueuePosition acknowledged;

    private AppendFile current; // the writer thread's
    private volatile boolean closed;
    private volatile Throwable failure;
    private long unacknowledgedAtOpen;

    private DiskSampleQueue(Path dir, Options options, FileChannel dirLock, TreeMap<Long, Segment> segments,
                            QueuePosition acknowledged, AppendFile current) {
        this.dir = dir;
        this.options = options;
        this.dirLock = dirLock;
        this.segments = segments;
        this.acknowledged = acknowledged;
        this.current = current;
        for (Segment s : segments.values()) {
            diskBytes += s.bytes;
        }
        this.writer = Thread.ofPlatform().name("ferry-queue-writer").daemon(true).unstarted(this::writeLoop);
    }

    /**
     * Opens (creating if needed) the queue in {@code dir}. Fails when another process holds it, or
     * when a record is damaged in a way a crash cannot explain.
     */
    public static DiskSampleQueue open(Path dir, Options options) throws IOException {
        Files.createDirectories(dir);
        FileChannel dirLock = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (!tryLock(dirLock)) {
                throw new IOException("another process is using the queue in " + dir);
            }
            QueuePosition cursor = CursorFile.read(dir);
            List<Long> numbers = segmentNumbers(dir);
            TreeMap<Long, Segment> segments = new TreeMap<>();
            long cursorSegment = cursor == null ? 0 : cursor.segment();
            for (int i = 0; i < numbers.size(); i++) {
                long n = numbers.get(i);
                boolean last = i == numbers.size() - 1;
                if (n < cursorSegment && !last) {
                    // Acknowledged before a crash that came before its deletion.
                    Files.deleteIfExists(segmentPath(dir, n));
                    continue;
                }
                segments.put(n, scan(dir, n, last));
            }
            if (segments.isEmpty()) {
                long first = Math.max(1, cursorSegment);
                segments.put(first, new Segment(first, 0, 0));
            }
            AppendFile current = AppendFile.open(segmentPath(dir, segments.lastKey()));
            AppendFile.forceDirectory(dir);
            QueuePosition start = clampCursor(cursor, segments);
            DiskSampleQueue q = new DiskSampleQueue(dir, options, dirLock, segments, start, current);
            long unacknowledged = q.samplesAfter(start);
            q.unacknowledgedAtOpen = unacknowledged;
            LOG.info("opened the remote-write queue", "dir", dir, "segments", segments.size(), "bytes", q.diskBytes,
                    "unacknowledged_samples", unacknowledged, "resume_at", start);
            q.writer.start();
            return q;
        } catch (IOException | RuntimeException e) {
            dirLock.close();
            throw e;
        }
    }

    private static boolean tryLock(FileChannel lock) throws IOException {
        try {
            return lock.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false; // held by this very process, through another queue
        }
    }

    private static List<Long> segmentNumbers(Path dir) throws IOException {
        List<Long> found = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.matches("segment-[0-9]{8,19}")) {
                    found.add(Long.parseLong(name.substring(8)));
                }
            }
        }
        found.sort(null);
        return found;
    }

    private static Path segmentPath(Path dir, long number) {
        return dir.resolve("segment-%08d".formatted(number));
    }

    /** Checks every record of a segment and counts its samples; cuts a torn tail from the last one. */
    private static Segment scan(Path dir, long number, boolean last) throws IOException {
        Path path = segmentPath(dir, number);
        long samples = 0;
        long records = 0;
        long good;
        String problem;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            FrameReader reader = new FrameReader(in, 0);
            for (byte[] payload; (payload = reader.next()) != null; ) {
                samples += RecordCodec.sampleCount(payload);
                records++;
            }
            good = reader.position();
            problem = reader.problem();
        }
        if (problem != null && !last) {
            throw new IOException(path + ": " + problem + " at byte " + good + "; a crash leaves a torn record only at "
                    + "the end of the last segment, so this file is damaged: refusing to open the queue");
        }
        if (problem != null) {
            long size = Files.size(path);
            LOG.warn("cut a torn tail from the remote-write queue", "file", path.getFileName(), "problem", problem,
                    "at_byte", good, "records_kept", records, "bytes_cut", size - good);
            AppendFile.truncate(path, good);
        }
        return new Segment(number, good, samples);
    }

    private static QueuePosition clampCursor(QueuePosition cursor, TreeMap<Long, Segment> segments) {
        Segment first = segments.firstEntry().getValue();
        if (cursor == null || cursor.segment() < first.number) {
            if (cursor != null) {
                // The budget dropped the segments the cursor was in (logged and counted then).
                LOG.info("the remote-write queue's cursor is before the oldest segment kept; resuming there",
                        "cursor", cursor, "oldest_segment", first.number);
            }
            return new QueuePosition(first.number, 0);
        }
        Segment at = segments.get(cursor.segment());
        if (at == null || cursor.offset() > at.bytes) {
            Segment last = segments.lastEntry().getValue();
            QueuePosition end = at == null ? new QueuePosition(last.number, last.bytes)
                    : new QueuePosition(at.number, at.bytes);
            LOG.warn("the remote-write queue's cursor is past the data kept; resuming at the end",
                    "cursor", cursor, "resume_at", end);
            return end;
        }
        return cursor;
    }

    // ---- appending -----------------------------------------------------------------------

    @Override
    public void append(List<QueueRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        int bytes = 0;
        int samples = 0;
        for (QueueRecord r : records) {
            bytes += r.body().length + 32 + RecordFrame.HEADER_BYTES;
            samples += r.sampleCount();
        }
        ByteSink payload = new ByteSink(64);
        ByteSink framed = new ByteSink(bytes);
        RecordFrame frame = new RecordFrame();
        for (QueueRecord r : records) {
            payload.reset();
            RecordCodec.encode(r, payload);
            frame.frame(payload.array(), 0, payload.size(), framed);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        refuseIfUnusable();
        pending.add(new Pending(framed.toByteArray(), samples, done));
        if (closed) {
            failQueued("the queue is closed"); // the writer may be gone: nobody else would answer
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the append to be forced; it may or may not be kept");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    private void refuseIfUnusable() throws IOException {
        if (closed) {
            throw new IOException("the queue is closed");
        }
        if (failure != null) {
            throw new IOException("the queue's writer failed (" + failure + "); see the log", failure);
        }
    }

    private void writeLoop() {
        try {
            writeBatches();
        } catch (Throwable t) {
            failure = t;
            LOG.error("the remote-write queue's writer failed; refusing further appends", "error", t);
            failQueued("the queue's writer failed: " + t);
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    private void writeBatches() throws IOException {
        List<Pending> batch = new ArrayList<>();
        ByteSink framed = new ByteSink(1 << 16);
        boolean stop = false;
        while (!stop) {
            batch.clear();
            framed.reset();
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                break;
            }
            pending.drainTo(batch, options.maxBatch() - 1);
            int samples = 0;
            List<Pending> accepted = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                if (p == STOP) {
                    stop = true;
                } else {
                    framed.write(p.framed());
                    samples += p.samples();
                    accepted.add(p);
                }
            }
            if (accepted.isEmpty()) {
                continue;
            }
            try {
                commit(framed, samples);
            } catch (IOException | RuntimeException e) {
                accepted.forEach(p -> p.done().completeExceptionally(e));
                throw e; // a failed write leaves the segment's end unknown: stop rather than append after it
            }
            accepted.forEach(p -> p.done().complete(null));
        }
        failQueued("the queue is closed");
    }

    /** Makes room, writes, forces, then publishes the records to readers. */
    private void commit(ByteSink framed, int samples) throws IOException {
        if (current.size() > 0 && current.size() + framed.size() > options.segmentBytes()) {
            roll();
        }
        keepBudget(framed.size());
        current.append(framed);
        if (options.fsync()) {
            current.force();
        }
        lock.lock();
        try {
            Segment s = segments.lastEntry().getValue();
            s.bytes = current.size();
            s.samples += samples;
            diskBytes += framed.size();
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void roll() throws IOException {
        long next = segments.lastKey() + 1; // only this thread adds segments
        AppendFile file = AppendFile.open(segmentPath(dir, next));
        try {
            // The new segment must be found after a crash once it holds forced records.
            AppendFile.forceDirectory(dir);
        } catch (IOException e) {
            file.close();
            throw e;
        }
        current.close();
        current = file;
        lock.lock();
        try {
            segments.put(next, new Segment(next, 0, 0));
        } finally {
            lock.unlock();
        }
    }

    /** Drops the oldest segments until {@code incoming} more bytes fit the budget. */
    private void keepBudget(long incoming) throws IOException {
        while (true) {
            Segment oldest;
            long unacknowledged;
            lock.lock();
            try {
                if (diskBytes + incoming <= options.budgetBytes()) {
                    return;
                }
                if (segments.size() == 1) {
                    if (current.size() == 0) {
                        return; // a single append larger than the budget: kept, as nothing else can be dropped
                    }
                    lock.unlock();
                    try {
                        roll();
                    } finally {
                        lock.lock();
                    }
                }
                oldest = segments.pollFirstEntry().getValue();
                diskBytes -= oldest.bytes;
                unacknowledged = unacknowledgedIn(oldest);
                if (acknowledged.segment() <= oldest.number) {
                    acknowledged = new QueuePosition(segments.firstKey(), 0);
                }
            } finally {
                lock.unlock();
            }
            Files.deleteIfExists(segmentPath(dir, oldest.number));
            dropped.addAndGet(unacknowledged);
            LOG.warn("the remote-write queue is over its disk budget; dropped its oldest segment",
                    "segment", oldest.number, "bytes", oldest.bytes, "unacknowledged_samples_dropped", unacknowledged,
                    "budget_bytes", options.budgetBytes(), "dropped_samples_total", dropped.get());
        }
    }

    /** Samples of {@code s} after the acknowledged position; under {@link #lock}. */
    private long unacknowledgedIn(Segment s) throws IOException {
        if (acknowledged.segment() < s.number) {
            return s.samples;
        }
        if (acknowledged.segment() > s.number) {
            return 0;
        }
        return countSamples(s.number, acknowledged.offset(), s.bytes);
    }

    private long countSamples(long segment, long from, long to) throws IOException {
        long n = 0;
        try (FileChannel ch = FileChannel.open(segmentPath(dir, segment), StandardOpenOption.READ)) {
            FrameReader reader = new FrameReader(new BufferedInputStream(new BoundedChannelStream(ch, from, to), 1 << 16), from);
            for (byte[] payload; (payload = reader.next()) != null; ) {
                n += RecordCodec.sampleCount(payload);
            }
        }
        return n;
    }

    private long samplesAfter(QueuePosition p) throws IOException {
        lock.lock();
        try {
            long n = 0;
            for (Segment s : segments.tailMap(p.segment(), true).values()) {
                n += s.number == p.segment() ? countSamples(s.number, p.offset(), s.bytes) : s.samples;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    // ---- reading -------------------------------------------------------------------------

    /**
     * {@code p} moved past acknowledged and dropped data and the ends of finished segments, to where
     * the next record would be; under {@link #lock}.
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
            Segment s = segments.get(p.segment());
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

    @Override
    public QueueRead read(QueuePosition after, int maxSamples) throws IOException {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be at least 1, not " + maxSamples);
        }
        List<QueueRecord> out = new ArrayList<>();
        List<QueuePosition> ends = new ArrayList<>();
        QueuePosition position = after;
        int retries = 0;
        while (true) {
            QueuePosition from;
            long limit;
            lock.lock();
            try {
                from = normalize(position);
                Segment s = segments.get(from.segment());
                if (s == null || from.offset() >= s.bytes) {
                    return new QueueRead(out, ends, from);
                }
                limit = s.bytes;
            } finally {
                lock.unlock();
            }
            long end;
            try {
                end = readSegment(from, limit, maxSamples, out, ends);
            } catch (NoSuchFileException e) {
                // Dropped by the budget between the look-up and the open: look again.
                if (++retries > 100) {
                    throw e;
                }
                continue;
            }
            position = new QueuePosition(from.segment(), end);
            if (end < limit) {
                return new QueueRead(out, ends, position); // the bound is reached
            }
            // The segment's durable end: go on in the next one, if there is one.
        }
    }

    /**
     * Adds the records of a segment from {@code from} to {@code limit} to {@code out} (and their end
     * positions to {@code ends}) while they fit in {@code maxSamples} with those already there;
     * returns the offset after the last one added.
     */
    private long readSegment(QueuePosition from, long limit, int maxSamples, List<QueueRecord> out,
                             List<QueuePosition> ends) throws IOException {
        long samples = 0; // long: records of up to Integer.MAX_VALUE samples each must not wrap the sum
        for (QueueRecord r : out) {
            samples += r.sampleCount();
        }
        long end = from.offset();
        Path path = segmentPath(dir, from.segment());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            FrameReader reader = new FrameReader(new BufferedInputStream(
                    new BoundedChannelStream(ch, from.offset(), limit), 1 << 16), from.offset());
            while (end < limit) {
                byte[] payload = reader.next();
                if (payload == null) {
                    throw new IOException(path + ": " + (reader.problem() == null ? "the file ends" : reader.problem())
                            + " at byte " + end + ", inside data that was forced: the segment is damaged");
                }
                QueueRecord record;
                try {
                    record = RecordCodec.decode(payload);
                } catch (IOException e) {
                    throw new IOException(path + ": the record at byte " + end + " has a good checksum but does not "
                            + "decode (" + e.getMessage() + ")", e);
                }
                if (!out.isEmpty() && samples + record.sampleCount() > maxSamples) {
                    break;
                }
                out.add(record);
                samples += record.sampleCount();
                end = reader.position();
                ends.add(new QueuePosition(from.segment(), end));
            }
        }
        return end;
    }

    @Override
    public boolean awaitData(QueuePosition after, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                QueuePosition p = normalize(after);
                Segment s = segments.get(p.segment());
                if (s != null && p.offset() < s.bytes) {
                    return true;
                }
                if (closed || nanos <= 0) {
                    return false;
                }
                nanos = appended.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- acknowledging -------------------------------------------------------------------

    @Override
    public void acknowledge(QueuePosition upTo) throws IOException {
        synchronized (ackLock) {
            QueuePosition to;
            lock.lock();
            try {
                Segment last = segments.lastEntry().getValue();
                if (upTo.compareTo(new QueuePosition(last.number, last.bytes)) > 0) {
                    throw new IllegalArgumentException("acknowledging " + upTo + ", past the end of the queue at "
                            + last.number + "/" + last.bytes);
                }
                to = normalize(upTo);
                if (to.compareTo(acknowledged) <= 0) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            CursorFile.write(dir, to, options.fsync());
            List<Segment> done = new ArrayList<>();
            lock.lock();
            try {
                if (to.compareTo(acknowledged) > 0) {
                    acknowledged = to;
                }
                // Only before the cursor's segment, which is never the one being appended to once passed.
                for (Map.Entry<Long, Segment> e = segments.firstEntry(); e != null && e.getKey() < to.segment();
                     e = segments.firstEntry()) {
                    done.add(segments.pollFirstEntry().getValue());
                    diskBytes -= e.getValue().bytes;
                }
            } finally {
                lock.unlock();
            }
            for (Segment s : done) {
                Files.deleteIfExists(segmentPath(dir, s.number));
            }
        }
    }

    @Override
    public QueuePosition acknowledged() {
        lock.lock();
        try {
            return acknowledged;
        } finally {
            lock.unlock();
        }
    }

    /** Samples appended before this open and not acknowledged then: what a restart left to send. */
    public long unacknowledgedSamplesAtOpen() {
        return unacknowledgedAtOpen;
    }

    @Override
    public long droppedSamples() {
        return dropped.get();
    }

    @Override
    public long diskBytes() {
        lock.lock();
        try {
            return diskBytes;
        } finally {
            lock.unlock();
        }
    }

    // ---- closing -------------------------------------------------------------------------

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pending.add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued("the queue is closed");
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
        if (!writer.isAlive()) {
            current.close();
            dirLock.close();
        }
    }

    private void failQueued(String why) {
        for (Pending p; (p = pending.poll()) != null; ) {
            if (p != STOP) {
                p.done().completeExceptionally(new UncheckedIOException(new IOException(why)));
            }
        }
    }
}
