package io.ferry.remotewrite.internal;

import io.ferry.remotewrite.QueueSettings;
import io.ferry.log.Log;
import io.ferry.log.LogThrottle;
import io.ferry.log.Logger;
import io.ferry.remotewrite.SendResult;
import io.ferry.remotewrite.queue.QueuePosition;
import io.ferry.remotewrite.queue.QueueRead;
import io.ferry.remotewrite.queue.QueueRecord;
import io.ferry.remotewrite.queue.SampleQueue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads one remote_write's queue and sends its records through {@code shards} senders, keeping each
 * shard key's records in queue order.
 *
 * <ul>
 *   <li><b>Routing.</b> A record goes to shard {@code floorMod(shardKey, shards)}; each shard sends
 *       its records one at a time, in the order it got them, so records of one key (one target)
 *       reach the receiver in queue order.</li>
 *   <li><b>Read-ahead.</b> One reader thread reads records and hands them to the shards; a shard
 *       holds at most {@code capacity} samples not yet sent (at least one record), and the reader
 *       waits when the shard it needs is full.</li>
 *   <li><b>Acknowledgement.</b> The queue is acknowledged up to the {@link Watermark}: the end of
 *       the longest prefix of records all sent or dropped, at most every {@link #ACK_INTERVAL} and
 *       at close. A restart resends what was in flight and what was done after its first record.</li>
 *   <li><b>Answers.</b> The sink retries 5xx, network errors and (when enabled) 429 until sent or
 *       closed, each retry counted as it happens and logged (at most one line per
 *       {@link #LOG_INTERVAL}, with the status or error and the samples pending); a rejection
 *       (other 4xx) drops the record, counts its samples failed and logs (as rarely). A record whose newest sample is older than
 *       {@code sample_age_limit} (when set) is dropped unsent.</li>
 *   <li><b>Shard count.</b> Starts at {@code min_shards}. Every {@code reshardInterval} the reader
 *       looks at the samples in flight: at 80% or more of {@code shards × capacity} with sends
 *       succeeding since the last look, the count doubles (at most
 *       {@code max_shards}); under 10% three times in a row, it halves (at least
 *       {@code min_shards}). To change it the reader stops handing out records and waits until
 *       every shard is empty, so no key's records are ever in two shards at once.</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #close()} stops the threads and acknowledges what was delivered, leaving
 * everything else in the queue.
 */
public final class ShardedSender implements AutoCloseable {
    private static final Logger LOG = Log.logger().with("component", "remote_write");
    static final Duration ACK_INTERVAL = Duration.ofMillis(250);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RESHARD_INTERVAL = Duration.ofSeconds(10);

    private final String name;
    private final SampleQueue queue;
    private final RecordSink sink;
    private final QueueSettings config;
    private final Clock clock;
    private final SendStats stats;
    private final Duration reshardInterval;
    private final Watermark watermark;
    private final Thread reader;
    private final LongSupplier pendingSamples;
    private final LogThrottle rejectLog = new LogThrottle(LOG_INTERVAL);
    private final LogThrottle retryLog = new LogThrottle(LOG_INTERVAL);

    private volatile boolean running = true;
    private volatile List<Shard> shards;
    private volatile int shardCount;
    private QueuePosition acknowledged;
    private long lastAckNanos;

    /** @param pendingSamples the queue's samples not yet sent or dropped, for the log line of a failing receiver */
    public ShardedSender(String name, SampleQueue queue, RecordSink sink, QueueSettings config, Clock clock,
                         SendStats stats, Duration reshardInterval, LongSupplier pendingSamples) {
        this.name = name;
        this.pendingSamples = pendingSamples;
        this.queue = queue;
        this.sink = sink;
        this.config = config;
        this.clock = clock;
        this.stats = stats;
        this.reshardInterval = reshardInterval;
        this.acknowledged = queue.acknowledged();
        this.watermark = new Watermark(acknowledged);
        this.shards = startShards(config.minShards());
        this.reader = Thread.ofPlatform().name("ferry-rw-reader-" + name).daemon(true).start(this::readLoop);
    }

    public int shards() {
        return shardCount;
    }

    /** Samples handed to shards and not yet sent or dropped. */
    public long inFlightSamples() {
        return watermark.inFlightSamples();
    }

    private List<Shard> startShards(int n) {
        List<Shard> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Shard s = new Shard();
            s.thread = Thread.ofPlatform().name("ferry-rw-shard-" + name + "-" + i).daemon(true).start(s::run);
            list.add(s);
        }
        shardCount = n;
        return List.copyOf(list);
    }

    // ---- the reader ----------------------------------------------------------------------

    private void readLoop() {
        QueuePosition position = acknowledged;
        long nextReshardCheck = System.nanoTime() + reshardInterval.toNanos();
        int high = 0;
        int low = 0;
        long sentAtLastCheck = stats.sent.sum();
        try {
            while (running) {
                if (System.nanoTime() - nextReshardCheck >= 0) {
                    nextReshardCheck = System.nanoTime() + reshardInterval.toNanos();
                    long capacity = (long) shardCount * config.capacity();
                    long inFlight = watermark.inFlightSamples();
                    long sent = stats.sent.sum();
                    high = inFlight >= capacity * 8 / 10 && sent > sentAtLastCheck ? high + 1 : 0;
                    low = inFlight < capacity / 10 ? low + 1 : 0;
                    sentAtLastCheck = sent;
                    int target = shardCount;
                    if (high >= 1 && shardCount < config.maxShards()) {
                        target = Math.min(config.maxShards(), shardCount * 2);
                    } else if (low >= 3 && shardCount > config.minShards()) {
                        target = Math.max(config.minShards(), shardCount / 2);
                    }
                    if (target != shardCount) {
                        high = 0;
                        low = 0;
                        reshard(target);
                        if (!running) {
                            break;
                        }
                    }
                }
                acknowledgeIfDue(false);
                if (!queue.awaitData(position, ACK_INTERVAL)) {
                    continue;
                }
                QueueRead read = queue.read(position, Math.max(1, config.capacity()));
                List<Shard> current = shards;
                for (int i = 0; i < read.records().size() && running; i++) {
                    QueueRecord r = read.records().get(i);
                    Watermark.Entry e = watermark.add(read.ends().get(i), r.sampleCount());
                    current.get(Math.floorMod(r.shardKey(), current.size())).put(r, e);
                }
                if (running) {
                    position = read.next();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("remote write stopped reading its queue; samples stay on disk until a restart",
                    "remote_name", name, "error", e);
        }
    }

    private void reshard(int target) throws InterruptedException {
        LOG.info("changing the number of remote write shards; draining first", "remote_name", name,
                "from", shardCount, "to", target);
        while (running && !watermark.awaitEmpty(ACK_INTERVAL.toMillis())) {
            acknowledgeIfDue(false);
        }
        if (!running) {
            return;
        }
        for (Shard s : shards) {
            s.stop();
        }
        shards = startShards(target);
    }

    private void acknowledgeIfDue(boolean now) {
        QueuePosition to = watermark.delivered();
        if (to.compareTo(acknowledged) <= 0) {
            return;
        }
        if (!now && System.nanoTime() - lastAckNanos < ACK_INTERVAL.toNanos()) {
            return;
        }
        try {
            queue.acknowledge(to);
            acknowledged = to;
            lastAckNanos = System.nanoTime();
        } catch (IOException e) {
            LOG.warn("could not record remote write progress; it will be retried", "remote_name", name, "error", e);
        }
    }

    // ---- shards --------------------------------------------------------------------------

    private final class Shard {
        private final ArrayDeque<QueueRecord> records = new ArrayDeque<>();
        private final ArrayDeque<Watermark.Entry> entries = new ArrayDeque<>();
        private long buffered;
        private boolean stopping;
        Thread thread;

        /** Hands a record over, waiting while the shard holds {@code capacity} samples or more. */
        synchronized void put(QueueRecord r, Watermark.Entry e) throws InterruptedException {
            while (running && !records.isEmpty() && buffered + r.sampleCount() > config.capacity()) {
                wait(ACK_INTERVAL.toMillis());
                acknowledgeIfDueFromReader();
            }
            records.addLast(r);
            entries.addLast(e);
            buffered += r.sampleCount();
            notifyAll();
        }

        synchronized void stop() {
            stopping = true;
            notifyAll();
        }

        void run() {
            try {
                while (true) {
                    QueueRecord r;
                    Watermark.Entry e;
                    synchronized (this) {
                        while (records.isEmpty() && running && !stopping) {
                            wait();
                        }
                        if (!running || records.isEmpty()) {
                            return;
                        }
                        r = records.peekFirst();
                        e = entries.peekFirst();
                    }
                    if (!deliver(r)) {
                        return; // closing: the record stays in the queue
                    }
                    watermark.done(e);
                    synchronized (this) {
                        records.pollFirst();
                        entries.pollFirst();
                        buffered -= r.sampleCount();
                        notifyAll();
                    }
                }
            } catch (InterruptedException ex) {
                // closing
            }
        }

        void wake() {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Called by the reader while it waits for a shard, so acknowledgements do not stall. */
    private void acknowledgeIfDueFromReader() {
        if (Thread.currentThread() == reader) {
            acknowledgeIfDue(false);
        }
    }

    /** Sends or drops one record; false when closing left it unsent. */
    private boolean deliver(QueueRecord r) throws InterruptedException {
        Duration ageLimit = config.sampleAgeLimit();
        if (!ageLimit.isZero() && clock.millis() - r.maxTimestampMs() > ageLimit.toMillis()) {
            stats.droppedTooOld.add(r.sampleCount());
            return true;
        }
        long start = System.nanoTime();
        SendResult result = sink.send(r.body(), r.body().length, (failed, wait) -> retrying(r, failed, wait));
        switch (result.outcome()) {
            case SENT -> {
                stats.sendDuration.accept((System.nanoTime() - start) / 1e9);
                stats.failing = false;
                stats.sent.add(r.sampleCount());
                stats.highestSentTimestampMs.accumulateAndGet(r.maxTimestampMs(), Math::max);
                return true;
            }
            case REJECTED -> {
                stats.failed.add(r.sampleCount());
                stats.failed("rejected: HTTP " + result.status() + ": " + result.detail(), clock.millis());
                logRejected(r, result);
                return true;
            }
            default -> {
                return false; // retryable, returned only once the sink is closed
            }
        }
    }

    private void logRejected(QueueRecord r, SendResult result) {
        long notLogged = rejectLog.admit();
        if (notLogged >= 0) {
            LOG.warn("the remote write receiver rejected a request; its samples are dropped", "remote_name", name,
                    "status", result.status(), "samples", r.sampleCount(), "detail", result.detail(),
                    "rejections_not_logged_since_last_line", notLogged);
        }
    }

    /** A retryable answer: counted now, so a receiver that stays down shows while it is down. */
    private void retrying(QueueRecord r, SendResult failed, Duration wait) {
        stats.failing = true;
        stats.failed("retrying: " + (failed.status() == 0 ? "no response" : "HTTP " + failed.status()) + ": "
                + failed.detail(), clock.millis());
        stats.retried.add(r.sampleCount());
        long notLogged = retryLog.admit();
        if (notLogged >= 0) {
            LOG.warn("remote write failed; retrying", "remote_name", name,
                    "status", failed.status() == 0 ? "no response" : Integer.toString(failed.status()),
                    "detail", failed.detail(), "attempt", failed.attempts(), "retry_in_ms", wait.toMillis(),
                    "pending_samples", pendingSamples.getAsLong(), "retries_not_logged_since_last_line", notLogged);
        }
    }

    /**
     * Stops reading, lets each shard finish the send it is in (the sink must already be closed, so
     * retry waits end at once), and acknowledges what was delivered. Records not sent stay in the
     * queue for the next start.
     */
    @Override
    public void close() {
        running = false; // the reader and the shards look at it at least every ACK_INTERVAL; no interrupt,
        // which would close the queue's file channels under them
        for (Shard s : shards) {
            s.wake();
        }
        try {
            reader.join(Duration.ofSeconds(30));
            for (Shard s : shards) {
                s.thread.join(Duration.ofSeconds(60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        acknowledgeIfDue(true);
    }
}
