package io.ferry.remotewrite.queue.internal;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.GroupCommitWriter;
import io.ferry.recordfile.IoErrors;
import io.ferry.recordfile.RecordFrame;
import io.ferry.recordfile.SegmentDirectory;
import io.ferry.remotewrite.queue.QueueRecord;
import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Appends to the queue: appenders encode and frame their records on their own thread, then wait
 * while one {@link GroupCommitWriter} thread writes everything waiting to the last segment and
 * forces it once. Before a write it starts a new segment when the current one would pass the segment
 * size and keeps the {@link DiskBudget}; after the force it publishes the records to readers
 * ({@link QueueSegments#published}), and only then do their appenders return.
 *
 * <p>When a write fails (a full or read-only disk), the appends of its batch fail, nothing of it is
 * published, and appends are refused while the writer retries with a growing wait; it cuts the
 * failed batch from the segment and takes appends again once that works.
 *
 * <p>Thread-safe: {@link #append} may be called from any thread.
 */
public final class QueueAppender {
    private static final Logger LOG = Log.logger().with("component", "remote_write_queue");

    /** One append's records, framed by the appender. */
    private record Framed(byte[] bytes, int samples) {
    }

    private final SegmentDirectory files;
    private final QueueSegments segments;
    private final DiskBudget budget;
    private final long segmentBytes;
    private final GroupCommitWriter<Framed> writer;

    public QueueAppender(SegmentDirectory files, QueueSegments segments, DiskBudget budget, long segmentBytes,
                         int maxBatch, boolean fsync) {
        this.files = files;
        this.segments = segments;
        this.budget = budget;
        this.segmentBytes = segmentBytes;
        this.writer = new GroupCommitWriter<>("queue",
                new GroupCommitWriter.Options(maxBatch, Integer.MAX_VALUE, fsync), new Batches());
    }

    public void start() {
        writer.start();
    }

    /** See {@link io.ferry.remotewrite.queue.SampleQueue#append(List)}. */
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
            QueueRecordCodec.encode(r, payload);
            frame.frame(payload.array(), 0, payload.size(), framed);
        }
        refuseIfUnusable();
        CompletableFuture<Void> done = writer.submit(new Framed(framed.toByteArray(), samples));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the append to be forced; it may or may not be kept");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u && u.getCause() == writer.failure()) {
                cause = u.getCause(); // this append's own write failed: its error as it was thrown
            }
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    private void refuseIfUnusable() throws IOException {
        if (writer.closed()) {
            throw new IOException("the queue is closed");
        }
        Throwable failure = writer.failure();
        if (failure != null) {
            throw new IOException("the queue cannot be written until it recovers (" + IoErrors.describe(failure)
                    + ")", failure);
        }
    }

    /** How many times a write failed and the queue stopped taking appends. */
    public long writeFailures() {
        return writer.failures();
    }

    /** How many times the queue took appends again after a failed write. */
    public long recoveries() {
        return writer.recoveries();
    }

    /** Writes what is queued, then stops the writer; true when it has ended and the files may be closed. */
    public boolean close() {
        writer.close();
        return !writer.running();
    }

    /** The queue's part of each group commit, on the writer thread. */
    private final class Batches implements GroupCommitWriter.BatchHandler<Framed> {
        private long samples; // of the batch being framed

        @Override
        public void frame(Framed f, ByteSink out) {
            out.write(f.bytes());
            samples += f.samples();
        }

        /** Makes room: a new segment when this batch would pass the segment size, and the budget kept. */
        @Override
        public AppendFile target(int bytes) throws IOException {
            AppendFile current = files.current();
            if (current.size() > 0 && current.size() + bytes > segmentBytes) {
                roll();
            }
            budget.makeRoom(bytes, this::roll);
            return files.current();
        }

        /** Publishes the forced records to readers, before their appenders return. */
        @Override
        public void written(int appends, int bytes, long forceNanos) {
            segments.published(files.current().size(), samples, bytes);
            samples = 0;
        }

        @Override
        public String failed(Throwable cause) {
            samples = 0; // the batch is not written
            LOG.error("writing the remote-write queue failed; refusing appends until it can be written again",
                    "error", IoErrors.describe(cause), "dir", files.dir());
            return "the queue cannot be written: " + IoErrors.describe(cause);
        }

        /** The failed batch is cut from the segment: appends come in again once the directory takes data. */
        @Override
        public void recover() throws IOException {
            files.probeWritable();
            LOG.info("the remote-write queue can be written again; taking appends", "dir", files.dir());
        }

        private void roll() throws IOException {
            files.roll();
            segments.added(files.currentNumber()); // only this thread adds segments
        }
    }
}
