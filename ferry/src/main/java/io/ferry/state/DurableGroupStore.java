package io.ferry.state;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.Labels;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.GroupCommitWriter;
import io.ferry.recordfile.IoErrors;
import io.ferry.recordfile.OnDamage;
import io.ferry.recordfile.RecoveryScan;
import io.ferry.recordfile.SegmentDirectory;
import io.ferry.state.internal.MutationRecords;
import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link GroupStore}: groups in memory, every accepted mutation appended to a write-ahead log
 * and forced to disk before it is acknowledged, and the whole state written to {@code snapshot}
 * whenever the log has grown past a size.
 *
 * <p>The log is a run of segments, {@code wal-00000001}, {@code wal-00000002}...: when the current
 * one passes the size, the writer copies the list of groups (they are immutable, so the copy is the
 * state at that point), starts a new segment, and goes on; a {@link SnapshotWriter} writes the copy
 * to {@code snapshot} on its own thread and then deletes the segments it covers. Pushes never wait
 * for a snapshot; a close waits a few seconds for one being written, then abandons it, which is safe.
 * Opening replays the snapshot, then every segment in order; since mutations carry absolute values,
 * replaying a segment the snapshot already covers (a crash before its deletion) changes nothing.
 *
 * <p>One writer thread ({@link GroupCommitWriter}) checks and stages mutations in arrival order
 * ({@link StagedGroups}); it takes every mutation waiting when it wakes and forces the log once for
 * all of them, so concurrent pushes share the cost of a force. Only after the force does it apply
 * the batch to the groups readers see, and only then are the pushes acknowledged.
 *
 * <p>When the log cannot be written (a full disk, a directory turned read-only when a segment is
 * due), the batch fails, nothing of it is seen, and the store refuses writes ({@link #healthy()} is
 * false) while the writer retries with a growing wait: it cuts the failed batch from the log, starts
 * the segment that was due, and takes writes again once that works.
 */
public final class DurableGroupStore implements GroupStore {
    private static final Logger LOG = Log.logger().with("component", "store");
    /** {@code wal}, the log of earlier versions, counts as segment 0. */
    private static final SegmentDirectory.Naming WAL = new SegmentDirectory.Naming("wal-", "wal");
    /**
     * Zeros written ahead of the log's records, a step at a time, so that the force of each batch
     * writes no new file size (docs/RATIONALE.md): small enough that writing a step stalls the writer
     * briefly (about a millisecond here) and that recovery scans a crash's tail of zeros quickly.
     */
    private static final long ZEROS_AHEAD = 1 << 20;

    /**
     * @param fsync             force the log before acknowledging (off only to measure what it costs)
     * @param snapshotLogBytes  segment size after which a new segment starts and the state is snapshotted
     * @param maxBatch          most mutations sharing one force
     * @param maxQueued         most mutations waiting for the writer; more are refused at once
     */
    public record Options(boolean fsync, long snapshotLogBytes, int maxBatch, int maxQueued, Duration retryMin,
                          Duration retryMax) {
        public static final Options DEFAULT = new Options(true, 64L << 20, 4096, 65_536);

        /** With the writer's usual waits between attempts to recover from a failed write (1 s doubling to 30 s). */
        public Options(boolean fsync, long snapshotLogBytes, int maxBatch, int maxQueued) {
            this(fsync, snapshotLogBytes, maxBatch, maxQueued, GroupCommitWriter.Options.RETRY_MIN,
                    GroupCommitWriter.Options.RETRY_MAX);
        }

        public Options withoutFsync() {
            return new Options(false, snapshotLogBytes, maxBatch, maxQueued, retryMin, retryMax);
        }

        /** With other waits between attempts to recover from a failed write. */
        public Options withRetry(Duration min, Duration max) {
            return new Options(fsync, snapshotLogBytes, maxBatch, maxQueued, min, max);
        }
    }

    /** Told of every group commit, on the writer thread, so it must be quick. */
    @FunctionalInterface
    public interface CommitObserver {
        /**
         * @param mutations  mutations written by this commit
         * @param bytes      bytes appended to the log
         * @param forceNanos time the force took (0 with fsync off)
         */
        void committed(int mutations, int bytes, long forceNanos);
    }

    private record Pending(Mutation mutation, Check check) {
    }

    private final Options options;
    private final SegmentDirectory log; // its current segment is the writer thread's
    /** What readers see: changed by the writer thread only, after a force (and by open, before it starts). */
    private final GroupTable table = new GroupTable();
    /** The batch being written on top of the table: the writer thread's. */
    private final StagedGroups staged = new StagedGroups(table);
    private final GroupCommitWriter<Pending> writer;
    private final SnapshotWriter snapshots;
    private volatile CommitObserver observer = (mutations, bytes, forceNanos) -> { };
    private volatile boolean closed;

    private DurableGroupStore(SegmentDirectory log, Options options, AppendFile.Opener opener) {
        this.log = log;
        this.snapshots = new SnapshotWriter(log, opener);
        this.options = options;
        this.writer = new GroupCommitWriter<>("store",
                new GroupCommitWriter.Options(options.maxBatch(), options.maxQueued(), options.fsync(),
                        options.retryMin(), options.retryMax()), new Batches());
    }

    /** {@link #open(Path, Options, OnDamage)} refusing damage no crash explains. */
    public static DurableGroupStore open(Path dir, Options options) throws IOException {
        return open(dir, options, OnDamage.REFUSE);
    }

    /** As {@link #open(Path, Options)}, opening the log's segments through {@code opener} (a test's failing disk). */
    public static DurableGroupStore open(Path dir, Options options, AppendFile.Opener opener) throws IOException {
        return open(dir, options, OnDamage.REFUSE, opener);
    }

    /**
     * Opens (creating if needed) the store in {@code dir}, restoring the snapshot and the log. A torn
     * or zero-filled tail of the last segment (what a crash leaves) is cut with a warning. Fails when
     * another process holds the directory, or when a stored record is damaged in a way a crash cannot
     * explain (a bad record with good ones after it; any bad record in the snapshot or an earlier
     * segment): then nothing is cut, unless {@code onDamage} is {@link OnDamage#REPAIR}, which cuts
     * the damage after keeping a copy of it beside the file (see {@code RecoveryScan}).
     */
    public static DurableGroupStore open(Path dir, Options options, OnDamage onDamage) throws IOException {
        return open(dir, options, onDamage, AppendFile.Opener.FILES);
    }

    private static DurableGroupStore open(Path dir, Options options, OnDamage onDamage, AppendFile.Opener opener)
            throws IOException {
        SegmentDirectory log = SegmentDirectory.lock(dir, WAL, "push store", opener,
                options.fsync() ? ZEROS_AHEAD : 0);
        try {
            Files.deleteIfExists(dir.resolve("snapshot.tmp"));
            // The snapshot is forced before it is renamed into place: no crash tears it.
            List<Mutation> snapshot = MutationRecords.read(dir.resolve("snapshot"), false, onDamage,
                    DurableGroupStore::logCut);
            List<Long> segments = log.list();
            List<Mutation> wal = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                // Only the last segment can end in a torn write: the others were forced before the next began.
                wal.addAll(MutationRecords.read(log.path(segments.get(i)), i == segments.size() - 1, onDamage,
                        DurableGroupStore::logCut));
            }
            log.appendTo(segments.isEmpty() ? 1 : segments.getLast());
            DurableGroupStore store = new DurableGroupStore(log, options, opener);
            snapshot.forEach(store.table::apply);
            wal.forEach(store.table::apply);
            LOG.info("restored push groups", "groups", store.table.size(), "snapshot_records", snapshot.size(),
                    "log_records", wal.size(), "log_segments", segments.size());
            store.writer.start();
            return store;
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    @Override
    public CompletableFuture<Void> apply(Mutation mutation, Check check) {
        return writer.submit(new Pending(mutation, check)); // refused at once while closed or failed
    }

    /** Sets who is told of each group commit (for Ferry's own metrics). */
    public void observeCommits(CommitObserver observer) {
        this.observer = observer;
    }

    @Override
    public Group group(Labels key) {
        return table.group(key);
    }

    @Override
    public Collection<Group> groups() {
        return table.groups();
    }

    @Override
    public long seriesCount() {
        return table.seriesCount();
    }

    @Override
    public long changes() {
        return table.changes();
    }

    @Override
    public boolean healthy() {
        return writer.failure() == null && !closed;
    }

    /** How many times writing the log failed and the store stopped taking writes. */
    public long writeFailures() {
        return writer.failures();
    }

    /** How many times the store took writes again after a failure. */
    public long recoveries() {
        return writer.recoveries();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        snapshots.close(); // after the writer, which starts them: a snapshot still being written gets a grace, then is left
        if (!writer.running()) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("closing the log failed", "error", e.getMessage());
            }
        }
    }

    // ---- the writer thread ---------------------------------------------------------------

    /** The store's part of each group commit, on the writer thread. */
    private final class Batches implements GroupCommitWriter.BatchHandler<Pending> {
        private final MutationRecords records = new MutationRecords();

        /** Checks the mutation against the groups as the batch leaves them so far, and stages it. */
        @Override
        public void frame(Pending p, ByteSink out) throws GroupCommitWriter.Refused {
            try {
                p.check().check(staged, p.mutation());
            } catch (RejectedException | RuntimeException e) {
                throw new GroupCommitWriter.Refused(e);
            }
            records.frame(p.mutation(), out);
            staged.stage(p.mutation());
        }

        @Override
        public AppendFile target(int bytes) {
            return log.current();
        }

        /** The batch is durable: now readers see it, before any push of it is acknowledged. */
        @Override
        public void written(int mutations, int bytes, long forceNanos) {
            staged.publish();
            observer.committed(mutations, bytes, forceNanos);
        }

        @Override
        public void afterBatch() throws IOException {
            startSnapshotIfDue();
        }

        @Override
        public String failed(Throwable cause) {
            staged.discard();
            if (cause instanceof IOException e) {
                LOG.error("writing the push log failed; refusing writes until it can be written again",
                        "error", IoErrors.describe(e), "segment", log.current().path());
            } else {
                LOG.error("the push store's writer failed; refusing writes until it recovers", "error", cause);
            }
            return "the push store cannot write its log; it takes writes again once it can (see Ferry's log)";
        }

        /**
         * The failed batch is cut from the log: once the directory takes data again, the segment
         * that was due starts before writes come in.
         */
        @Override
        public void recover() throws IOException {
            log.probeWritable();
            startSnapshotIfDue();
            LOG.info("the push log can be written again; taking writes", "segment", log.current().path());
        }
    }

    private void startSnapshotIfDue() throws IOException {
        if (log.current().size() > options.snapshotLogBytes() && !snapshots.running()) {
            startSnapshot();
        }
    }

    /**
     * Starts a new log segment and has the {@link SnapshotWriter} write the state as it is now, on
     * its own thread. On the writer thread, between batches: the copy is of the durable table, which
     * holds exactly what the segments up to the current one hold.
     */
    private void startSnapshot() throws IOException {
        Group[] state = table.copy(); // the groups are immutable: copying the references is copying the state
        long covered = log.currentNumber();
        // Even with fsync off: recovery takes a damaged tail only in the last segment for a crash's doing.
        log.current().force();
        log.roll();
        snapshots.start(state, covered);
    }

    private static void logCut(RecoveryScan.Cut cut) {
        if (cut.repaired()) {
            LOG.warn("repaired a damaged push store file: cut the damage and what followed it, keeping a copy",
                    "detail", cut.describe());
        } else if (cut.zeros()) {
            // Every crash leaves the zeros written ahead of the records: no record was torn.
            LOG.info("cut the zeros a crash leaves after the last record of the push log", "detail", cut.describe());
        } else {
            LOG.warn("cut the torn tail a crash during a write leaves from the push log", "detail", cut.describe());
        }
    }
}
