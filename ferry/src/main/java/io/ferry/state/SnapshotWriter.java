package io.ferry.state;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.IoErrors;
import io.ferry.recordfile.SegmentDirectory;
import io.ferry.state.internal.MutationRecords;
import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Writes snapshots of the push groups on a thread of its own, one at a time, so that the log's
 * writer never waits for one: {@code snapshot.tmp} is written and forced, renamed to
 * {@code snapshot}, the directory forced, and only then are the log segments it covers deleted.
 *
 * <pre>{@code
 * SnapshotWriter snapshots = new SnapshotWriter(log, opener);
 * if (!snapshots.running()) {
 *     Group[] state = table.copy();       // the state after every segment up to `covered`
 *     long covered = log.currentNumber();
 *     log.roll();
 *     snapshots.start(state, covered);
 * }
 * snapshots.close();                      // once the writer stopped: a grace, then a snapshot still written is left
 * }</pre>
 *
 * <p><b>Durability.</b> A crash at any point loses nothing: until the rename is forced the old
 * snapshot and every segment are in place (a {@code snapshot.tmp} left behind is deleted at the
 * next open); after it, the segments not yet deleted hold mutations with absolute values that the
 * snapshot already holds, so replaying them changes nothing. A snapshot that fails is logged and
 * leaves the segments; the next one tries again.
 *
 * <p><b>Thread-safety.</b> {@link #start} and {@link #running} belong to the log's writer thread;
 * {@link #close} to whoever closes the store, once the writer has stopped. The groups handed to
 * {@link #start} are immutable, so the thread reads them without locks while the table changes.
 */
final class SnapshotWriter implements AutoCloseable {
    private static final Logger LOG = Log.logger().with("component", "store");
    /** How much of the snapshot is framed before it is appended, and how often an abandon is noticed. */
    private static final int CHUNK_BYTES = 1 << 20;
    /** How long a close waits for a snapshot being written before it abandons it. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final SegmentDirectory log;
    private final AppendFile.Opener opener;
    private volatile Thread running;
    private volatile boolean closed;

    /** @param opener opens {@code snapshot.tmp} (a test's disk, or the file system) */
    SnapshotWriter(SegmentDirectory log, AppendFile.Opener opener) {
        this.log = log;
        this.opener = opener;
    }

    /** Whether a snapshot is being written; {@link #start} only when none is. */
    boolean running() {
        return running != null;
    }

    /**
     * Starts writing {@code state} on another thread, then deleting segments up to {@code covered}:
     * those must hold every mutation {@code state} reflects and be forced, and later mutations must
     * go to later segments. Does nothing once closed.
     */
    void start(Group[] state, long covered) {
        if (closed) {
            return;
        }
        Thread t = Thread.ofPlatform().name("ferry-store-snapshot").daemon(true).unstarted(() -> {
            try {
                write(state, covered);
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    LOG.info("left a snapshot of the push groups unfinished at close; the log keeps everything");
                } else {
                    LOG.error("writing a snapshot of the push groups failed; keeping the log",
                            "error", e instanceof IOException io ? IoErrors.describe(io) : e.getMessage());
                }
            } finally {
                running = null;
            }
        });
        running = t;
        t.start();
    }

    /**
     * Starts no more snapshots, gives one still being written up to {@link #CLOSE_GRACE} to finish
     * (a stop right after a burst then leaves a short log to replay), and then abandons it: it stops
     * at its next chunk, or at once from inside a write or force, which the interrupt ends. What an
     * abandoned snapshot leaves (a {@code snapshot.tmp}, segments not yet deleted) is safe, so a stop
     * never waits long for a large snapshot on a slow disk.
     */
    @Override
    public void close() {
        Thread t = running;
        try {
            if (t != null) {
                t.join(CLOSE_GRACE.toMillis());
            }
            closed = true;
            if (t != null && t.isAlive()) {
                t.interrupt();
                t.join(TimeUnit.SECONDS.toMillis(30));
                if (t.isAlive()) {
                    LOG.warn("the snapshot of the push groups did not stop within 30 s of close");
                }
            }
        } catch (InterruptedException e) {
            closed = true;
            Thread.currentThread().interrupt();
        }
    }

    private void write(Group[] state, long covered) throws IOException {
        long start = System.nanoTime();
        Path tmp = log.dir().resolve("snapshot.tmp");
        Files.deleteIfExists(tmp); // what a failed earlier attempt left must not come before these records
        MutationRecords records = new MutationRecords();
        ByteSink framed = new ByteSink(1 << 16);
        try (AppendFile out = AppendFile.open(tmp, opener)) {
            for (Group g : state) {
                records.frame(new Mutation.Restore(g), framed);
                if (framed.size() > CHUNK_BYTES) {
                    checkNotClosed();
                    out.append(framed);
                    framed.reset();
                }
            }
            out.append(framed);
            out.force();
        }
        checkNotClosed();
        Files.move(tmp, log.dir().resolve("snapshot"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        log.forceDirectory(); // the rename must be on disk before the segments it replaces go
        for (long n : log.list()) {
            if (n <= covered) {
                log.delete(n);
            }
        }
        LOG.info("wrote a snapshot of the push groups", "groups", state.length,
                "ms", (System.nanoTime() - start) / 1_000_000);
    }

    private void checkNotClosed() throws IOException {
        if (closed) {
            throw new IOException("the store is closing");
        }
    }
}
