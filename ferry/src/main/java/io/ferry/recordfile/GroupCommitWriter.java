package io.ferry.recordfile;

import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One writer thread that makes submitted items durable in batches (group commit): it takes every
 * item waiting when it wakes (up to {@link Options#maxBatch()}), has its {@link BatchHandler} frame
 * them into one buffer, appends the buffer to a file with one write and forces it once, and only then
 * completes the items' futures. Concurrent submitters thus share the cost of a force.
 *
 * <pre>{@code
 * GroupCommitWriter<Entry> writer = new GroupCommitWriter<>("store", new Options(4096, 65_536, true), handler);
 * writer.start();
 * writer.submit(entry).join(); // returns once the entry's batch is forced
 * writer.close();              // writes what is queued, then refuses the rest
 * }</pre>
 *
 * <p><b>Ordering.</b> Items are framed and written in the order {@link #submit} queued them; a batch
 * is written whole, before the next one is framed.
 *
 * <p><b>Durability and visibility.</b> A future completes normally only after its item's bytes are
 * appended and, with {@link Options#fsync()}, forced; {@link BatchHandler#written} runs between the
 * two, so what it makes visible to readers is durable and is visible before any submitter hears of
 * it. A future that fails says the item was not written: a batch that fails is cut from the file
 * before anything is appended again.
 *
 * <p><b>Failure and recovery.</b> Anything the handler throws while framing (other than
 * {@link Refused}), and any failure to append or force, fails the batch with that cause (an
 * {@link IOException} wrapped in an {@link UncheckedIOException}); the handler hears of it through
 * {@link BatchHandler#failed}, whose answer is the reason every item queued or submitted from then on
 * fails with. The writer then tries to recover, after {@link Options#retryMin()}, doubling the wait
 * up to {@link Options#retryMax()}: it cuts the file the failed batch was appended to back to where
 * that batch began ({@link AppendFile#rewind}) and lets the handler put its own files in order
 * ({@link BatchHandler#recover}). Once both succeed it takes items again. A failure within
 * {@code retryMax} of a recovery waits twice the wait before that recovery, so a disk that keeps
 * failing is tried at most every {@code retryMax}, not every {@code retryMin}. {@link #failure()} says
 * whether it is down; {@link #failures()} and {@link #recoveries()} count the transitions. An
 * {@link Error} stops the writer for good.
 *
 * <p><b>Closing.</b> {@link #close()} lets the writer finish what was queued before it, then fails
 * everything behind it with "the NAME is closed"; a writer waiting to recover stops waiting.
 *
 * <p><b>Thread-safety.</b> Every public method may be called from any thread; the handler is called
 * on the writer thread only, one batch at a time.
 *
 * @param <T> what is submitted; the handler turns each into framed records
 */
public final class GroupCommitWriter<T> {
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(30);

    /**
     * @param maxBatch  most items sharing one force
     * @param maxQueued most items waiting for the writer; more are refused at once
     *                  ({@code Integer.MAX_VALUE}: no bound)
     * @param fsync     force each batch before completing its items (off only to measure what forcing costs)
     * @param retryMin  the wait after a failure before the first attempt to recover
     * @param retryMax  the longest wait between attempts; each failed attempt doubles the wait up to it
     */
    public record Options(int maxBatch, int maxQueued, boolean fsync, Duration retryMin, Duration retryMax) {
        /** Ferry's waits between attempts to recover from a failed write: 1 s, doubling to 30 s. */
        public static final Duration RETRY_MIN = Duration.ofSeconds(1);
        public static final Duration RETRY_MAX = Duration.ofSeconds(30);

        public Options {
            if (maxBatch < 1 || maxQueued < 1) {
                throw new IllegalArgumentException("maxBatch and maxQueued must be at least 1, not " + maxBatch
                        + " and " + maxQueued);
            }
            if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
                throw new IllegalArgumentException("retryMin must be positive and at most retryMax, not " + retryMin
                        + " and " + retryMax);
            }
        }

        /** With Ferry's waits between attempts to recover. */
        public Options(int maxBatch, int maxQueued, boolean fsync) {
            this(maxBatch, maxQueued, fsync, RETRY_MIN, RETRY_MAX);
        }

        public Options withRetry(Duration min, Duration max) {
            return new Options(maxBatch, maxQueued, fsync, min, max);
        }
    }

    /** What the writer's owner does for each batch; every method runs on the writer thread. */
    public interface BatchHandler<T> {
        /**
         * Appends the framed record(s) of {@code item} to {@code out}, or throws {@link Refused} (before
         * writing anything) to refuse this item alone: its future fails with the refusal's cause and the
         * batch goes on. Any other exception fails the batch (see Failure and recovery). Items are framed in
         * submission order, so this is also the place to check each against the owner's state and stage
         * it; make it visible in {@link #written}, once it is durable.
         */
        void frame(T item, ByteSink out) throws Refused;

        /**
         * The file the batch's {@code bytes} framed bytes are appended to; called once per batch that
         * framed anything, and may make room or start a new segment first.
         */
        AppendFile target(int bytes) throws IOException;

        /**
         * After the batch is appended and forced, before any of its futures completes: the place to
         * make the records visible to readers, or count them. What is made visible here is durable.
         *
         * @param forceNanos how long the force took (0 with fsync off)
         */
        default void written(int items, int bytes, long forceNanos) throws IOException {
        }

        /** After the futures of a batch are completed: work that must not delay the acknowledgements. */
        default void afterBatch() throws IOException {
        }

        /**
         * The batch being written failed because of {@code cause}, and the writer takes no items until
         * it recovers: forget what the batch framed (none of it is written), log the cause, and return
         * the reason every item queued or submitted meanwhile fails with. Must not throw.
         */
        String failed(Throwable cause);

        /**
         * An attempt to recover after {@link #failed}, once the file the failed batch was appended to
         * (if any) is cut back to where that batch began: put the owner's files in order for the next
         * batch (start a segment that is due, for instance), proving the disk writable again. Throwing
         * fails the attempt; the writer tries again later. Returning normally lets items in again.
         */
        default void recover() throws IOException {
        }
    }

    /** Thrown by {@link BatchHandler#frame} to refuse one item; its future fails with {@link #getCause()}. */
    public static final class Refused extends Exception {
        public Refused(Throwable reason) {
            super(reason.getMessage(), reason, false, false); // a refusal is an answer, not a fault: no stack trace
        }
    }

    /** The future of one item, carrying the item, so that a submission costs one object and a queue node. */
    private static final class Submission<T> extends CompletableFuture<Void> {
        final T item;

        Submission(T item) {
            this.item = item;
        }
    }

    private record Failure(Throwable cause, String reason) {
    }

    /** Where the file a failed batch was appended to ended before it: what recovery cuts back to. */
    private record Torn(AppendFile file, long end) {
    }

    private final String name;
    private final Options options;
    private final BatchHandler<T> handler;
    private final BlockingQueue<Submission<T>> queue;
    private final Submission<T> stop = new Submission<>(null);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Failure failure;
    private volatile long failures;
    private volatile long recoveries;
    private Torn torn; // the writer thread's
    private Duration lastWait; // the writer thread's: the wait before the latest recovery
    private long recoveredAtNanos; // the writer thread's

    /**
     * @param name what the messages call the owner ("the NAME is closed") and the thread's name
     *             ({@code ferry-NAME-writer})
     */
    public GroupCommitWriter(String name, Options options, BatchHandler<T> handler) {
        this.name = name;
        this.options = options;
        this.handler = handler;
        this.queue = new LinkedBlockingQueue<>(options.maxQueued());
        this.thread = Thread.ofPlatform().name("ferry-" + name + "-writer").daemon(true).unstarted(this::run);
    }

    /** Starts the writer thread; items submitted before wait for it. */
    public void start() {
        thread.start();
    }

    /**
     * Queues {@code item} for the next batch. The future completes once the item is durable, or fails
     * when it is refused, its batch fails, the queue is full or the writer is closed or stopped. Never
     * blocks, never throws.
     */
    public CompletableFuture<Void> submit(T item) {
        Submission<T> s = new Submission<>(item);
        String refused = stopReason();
        if (refused != null) {
            s.completeExceptionally(notWritten(refused));
        } else if (!queue.offer(s)) {
            s.completeExceptionally(notWritten("the " + name + "'s write queue is full (" + options.maxQueued()
                    + " waiting)"));
        } else if ((refused = stopReason()) != null && queue.remove(s)) {
            // Stopped while this was queued, and nobody took it: the writer may be gone. Only this
            // submission is answered here; the rest of the queue (a close's stop marker among it) is
            // the writer's and close's to answer.
            s.completeExceptionally(notWritten(refused));
        }
        return s;
    }

    /** Why the writer refuses items until it recovers (the failed write's cause), or null while it takes them. */
    public Throwable failure() {
        Failure f = failure;
        return f == null ? null : f.cause();
    }

    /** How many times a batch failed and the writer stopped taking items. */
    public long failures() {
        return failures;
    }

    /** How many times the writer recovered from a failure and took items again. */
    public long recoveries() {
        return recoveries;
    }

    /** Whether {@link #close()} was called. */
    public boolean closed() {
        return closed;
    }

    /** Whether the writer thread still runs; the files it writes must stay open until it does not. */
    public boolean running() {
        return thread.isAlive();
    }

    /**
     * Writes what was queued before this call, stops the writer (waiting up to 30 seconds) and fails
     * whatever was queued behind. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (thread.isAlive()) {
                queue.put(stop);
            }
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // An item that slipped in behind the stop is refused rather than left waiting.
        failQueued(closedReason());
    }

    // ---- the writer thread ---------------------------------------------------------------

    private void run() {
        List<Submission<T>> batch = new ArrayList<>();
        List<Submission<T>> accepted = new ArrayList<>();
        ByteSink framed = new ByteSink(1 << 16);
        boolean stopped = false;
        while (!stopped) {
            if (failure != null) {
                stopped = !recover();
                continue;
            }
            batch.clear();
            accepted.clear();
            framed.reset();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, options.maxBatch() - 1);
            try {
                for (Submission<T> s : batch) {
                    if (s == stop) {
                        stopped = true;
                        continue;
                    }
                    if (stopped) {
                        s.completeExceptionally(notWritten(closedReason())); // behind the stop: refused, as close says
                        continue;
                    }
                    try {
                        handler.frame(s.item, framed);
                        accepted.add(s);
                    } catch (Refused r) {
                        s.completeExceptionally(r.getCause());
                    }
                }
                commit(framed, accepted);
            } catch (Throwable t) {
                fail(t, batch);
                if (t instanceof Error e) {
                    throw e; // the writer is gone: the failure stays, and items are refused for good
                }
            }
        }
        failQueued(closedReason());
    }

    private void commit(ByteSink framed, List<Submission<T>> accepted) throws IOException {
        if (framed.size() > 0) {
            AppendFile file = handler.target(framed.size());
            torn = new Torn(file, file.size());
            file.append(framed);
            long forceStart = System.nanoTime();
            if (options.fsync()) {
                file.force();
            }
            torn = null;
            handler.written(accepted.size(), framed.size(), options.fsync() ? System.nanoTime() - forceStart : 0);
        }
        for (Submission<T> s : accepted) {
            s.complete(null);
        }
        handler.afterBatch();
    }

    /** Refuses items until the writer recovers: nothing may wait on it, and nothing may follow a torn write. */
    private void fail(Throwable cause, List<Submission<T>> batch) {
        String reason = handler.failed(cause);
        failure = new Failure(cause, reason); // before the batch's futures, so that their owners see it
        failures++; // the writer thread alone writes it
        for (Submission<T> s : batch) {
            if (s != stop) {
                s.completeExceptionally(cause instanceof IOException io ? new UncheckedIOException(io) : cause);
            }
        }
        failQueued(reason);
    }

    /**
     * Waits, then tries to recover, with the wait doubling up to its maximum, until an attempt
     * succeeds (true) or the writer is closed meanwhile (false). Items submitted while it waits are
     * refused as they arrive.
     */
    private boolean recover() {
        // A disk that fails again soon after a recovery (its probe fitted, the next batch did not) is
        // tried at the doubled wait, not every retryMin: one failure and recovery logged per wait.
        boolean again = lastWait != null && System.nanoTime() - recoveredAtNanos < options.retryMax().toNanos();
        Duration wait = again ? doubled(lastWait) : options.retryMin();
        while (!closed) { // a close whose stop marker the failure drained from the queue
            long deadline = System.nanoTime() + wait.toNanos();
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                Submission<T> s;
                try {
                    s = queue.poll(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
                if (s == stop) {
                    return false;
                }
                if (s != null) {
                    s.completeExceptionally(notWritten(failure.reason())); // it slipped in as the writer failed
                }
            }
            try {
                if (torn != null) {
                    torn.file().rewind(torn.end());
                    torn = null;
                }
                handler.recover();
                lastWait = wait;
                recoveredAtNanos = System.nanoTime();
                failure = null;
                recoveries++; // the writer thread alone writes it
                return true;
            } catch (IOException | RuntimeException e) {
                failure = new Failure(e, failure.reason());
                wait = doubled(wait);
            }
        }
        return false;
    }

    private Duration doubled(Duration wait) {
        Duration twice = wait.multipliedBy(2);
        return twice.compareTo(options.retryMax()) > 0 ? options.retryMax() : twice;
    }

    private void failQueued(String reason) {
        for (Submission<T> s; (s = queue.poll()) != null; ) {
            if (s != stop) {
                s.completeExceptionally(notWritten(reason));
            }
        }
    }

    /** Why nothing more is written, or null while the writer takes items. */
    private String stopReason() {
        if (closed) {
            return closedReason();
        }
        Failure f = failure;
        return f == null ? null : f.reason();
    }

    private String closedReason() {
        return "the " + name + " is closed";
    }

    private static UncheckedIOException notWritten(String reason) {
        return new UncheckedIOException(new IOException(reason));
    }
}
