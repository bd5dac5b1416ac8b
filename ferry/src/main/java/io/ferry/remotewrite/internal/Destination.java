package io.ferry.remotewrite.internal;

import io.ferry.http.UrlUserInfo;
import io.ferry.remotewrite.QueueStatus;
import io.ferry.remotewrite.Receiver;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.Labels;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.OnDamage;
import io.ferry.relabel.Relabeler;
import io.ferry.remotewrite.RemoteWriteSender;
import io.ferry.remotewrite.queue.DiskSampleQueue;
import io.ferry.remotewrite.queue.QueueRecord;
import io.ferry.telemetry.Recent;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * One remote_write item at work: its encoder, its disk queue, its sender and shards, and its
 * statistics. Opened by {@code RemoteWrite}, which owns it. Thread-safe.
 */
public final class Destination implements AutoCloseable {
    private static final Logger LOG = Log.logger();
    /** The smallest queue budget ({@code storage.remote_write_max_bytes} is at least this). */
    static final long MIN_BUDGET_BYTES = 2L << 20;
    private final Receiver config;
    private final Map<String, String> externalLabels;
    private final String queueName;
    private final RecordEncoder encoder;
    private final DiskSampleQueue queue;
    private final RemoteWriteSender sender;
    private final ShardedSender shards;
    private final SendStats stats;
    private final Clock clock;
    private final Recent<QueueStatus.QueueDepth> depth;

    private Destination(Receiver config, Map<String, String> externalLabels, String queueName,
                        RecordEncoder encoder, DiskSampleQueue queue, RemoteWriteSender sender, ShardedSender shards,
                        SendStats stats, Clock clock, int depthHistory) {
        this.clock = clock;
        this.depth = new Recent<>(depthHistory);
        this.config = config;
        this.externalLabels = externalLabels;
        this.queueName = queueName;
        this.encoder = encoder;
        this.queue = queue;
        this.sender = sender;
        this.shards = shards;
        this.stats = stats;
    }

    /**
     * Opens the queue in {@code dir/<queueName(config)>} and starts sending from where the last run
     * left off, through {@code sender} (from {@link SenderFactory#open}), which it owns from then on,
     * and closes when it fails.
     *
     * @param onDamage  what opening the queue does with damage no crash explains
     * @param files     how the queue's segments are opened for writing
     * @param depthHistory how many samples of the queue's depth {@link #sampleDepth} keeps
     */
    public static Destination open(Path dir, Receiver config, RemoteWriteSender sender, Map<String, String> externalLabels,
                                   long budgetBytes, OnDamage onDamage, AppendFile.Opener files,
                                   DoubleConsumer sendDuration, Clock clock, Duration reshardInterval,
                                   int depthHistory) throws IOException {
        String name = queueName(config);
        RecordEncoder encoder = new RecordEncoder(Relabeler.of(config.writeRelabelConfigs()), Labels.of(externalLabels),
                config.queue().maxSamplesPerSend());
        DiskSampleQueue queue;
        try {
            Path queueDir = Files.createDirectories(dir.resolve(name));
            long budget = budgetWithin(budgetBytes, Files.getFileStore(queueDir).getUsableSpace());
            if (budget < budgetBytes) {
                LOG.warn("the remote-write queue may hold at most half the disk space free now, less than its budget",
                        "remote_name", name, "budget_bytes", budgetBytes, "bytes", budget);
            }
            queue = DiskSampleQueue.open(queueDir, DiskSampleQueue.Options.DEFAULT.withBudget(Math.min(64L << 20, budget / 4),
                    budget), onDamage, files);
        } catch (IOException | RuntimeException e) {
            sender.close();
            throw e;
        }
        SendStats stats = new SendStats(sendDuration);
        ShardedSender shards = new ShardedSender(name, queue, sender::send, config.queue(), clock, stats, reshardInterval,
                () -> pending(queue, stats));
        return new Destination(config, Map.copyOf(externalLabels), name, encoder, queue, sender, shards, stats, clock,
                depthHistory);
    }

    /**
     * The queue's budget: {@code configured}, but at most half of {@code usableSpace} (and at least
     * the smallest budget, 2 MiB). A queue that fills its disk wedges itself: acknowledging what was
     * sent writes the cursor, which needs room, and only then are sent segments deleted; and the
     * push store on the same disk then refuses every push.
     */
    static long budgetWithin(long configured, long usableSpace) {
        return Math.min(configured, Math.max(MIN_BUDGET_BYTES, usableSpace / 2));
    }

    /**
     * The queue's directory name and the {@code remote_name} label: the item's {@code name} when it
     * is a safe file name, otherwise {@code rw-} and the start of the SHA-256 of the name or URL.
     */
    public static String queueName(Receiver c) {
        if (!c.name().isEmpty() && c.name().matches("[A-Za-z0-9_.-]{1,100}") && !c.name().startsWith(".")) {
            return c.name();
        }
        String source = c.name().isEmpty() ? c.url().toString() : c.name();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return "rw-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether this destination already runs {@code c} with these external labels. */
    public boolean runs(Receiver c, Map<String, String> external) {
        return config.equals(c) && externalLabels.equals(external);
    }

    /** Encodes and appends one commit's samples with one force. */
    public void append(long key, Labels[] series, EncodedSeries encoded, long[] timestampsMs, double[] values, int n)
            throws IOException {
        List<QueueRecord> records = encoder.encode(key, series, encoded, timestampsMs, values, n, stats);
        if (records.isEmpty()) {
            return;
        }
        long samples = 0;
        for (QueueRecord r : records) {
            samples += r.sampleCount();
        }
        try {
            queue.append(records);
        } catch (IOException | RuntimeException e) {
            stats.droppedUnwritten.add(samples);
            stats.failed("cannot write the queue: " + e.getMessage(), clock.millis());
            throw e;
        }
        stats.appended.add(samples);
    }

    public String queueName() {
        return queueName;
    }

    public Receiver config() {
        return config;
    }

    public SendStats stats() {
        return stats;
    }

    public int shards() {
        return shards.shards();
    }

    public long queueBytes() {
        return queue.diskBytes();
    }

    /** Times writing the queue failed; appends are refused until it recovers. */
    public long queueWriteFailures() {
        return queue.writeFailures();
    }

    /** Times the queue took appends again after a failed write. */
    public long queueRecoveries() {
        return queue.recoveries();
    }

    public long droppedByBudget() {
        return queue.droppedSamples();
    }

    /** Samples in the queue not yet sent or dropped: left from the last run, appended since, minus done. */
    public long pendingSamples() {
        return pending(queue, stats);
    }

    private static long pending(DiskSampleQueue queue, SendStats stats) {
        long p = queue.unacknowledgedSamplesAtOpen() + stats.appended.sum() - stats.sent.sum() - stats.failed.sum()
                - stats.droppedTooOld.sum() - queue.droppedSamples();
        return Math.max(0, p);
    }

    /** Notes the queue's depth now, for {@link #status}'s plot. */
    public void sampleDepth() {
        depth.add(new QueueStatus.QueueDepth(clock.instant(), pendingSamples()));
    }

    /** The queue as the status pages show it. */
    public QueueStatus status() {
        SendStats.Failure f = stats.lastFailure;
        return new QueueStatus(queueName, URI.create(UrlUserInfo.redacted(config.url())), pendingSamples(), queueBytes(),
                stats.sent.sum(), f == null ? "" : f.message(), f == null ? null : Instant.ofEpochMilli(f.timeMillis()),
                depth.values());
    }

    /** Ends retries, lets sends on the wire finish, acknowledges what was delivered, closes the queue. */
    @Override
    public void close() throws IOException {
        sender.close();
        shards.close();
        queue.close();
    }
}
