package io.ferry.remotewrite;

import io.ferry.http.UrlUserInfo;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.Labels;
import io.ferry.model.PromDuration;
import io.ferry.model.SampleAppender;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.OnDamage;
import io.ferry.remotewrite.internal.Destination;
import io.ferry.remotewrite.internal.EncodedSeries;
import io.ferry.remotewrite.internal.RemoteWriteMetrics;
import io.ferry.remotewrite.internal.SenderFactory;
import io.ferry.remotewrite.internal.ShardedSender;
import io.ferry.telemetry.BuildInfo;
import io.ferry.telemetry.Histogram;
import io.ferry.telemetry.Registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The remote-write pipeline: the {@link SampleAppender.Storage} scrapes write to, fanned out to every
 * configured {@code remote_write}. For each one, a commit's samples are write-relabeled, given the
 * external labels they lack, encoded into snappy-compressed {@code WriteRequest}s of at most
 * {@code max_samples_per_send} samples and appended to that remote_write's disk queue with one
 * force; shards post the stored bodies as they are (see {@code docs/remote-write.md}).
 *
 * <pre>{@code
 * RemoteWrite rw = RemoteWrite.open(dataDir.resolve("remote_write"), configDir, prom.remoteWrite(),
 *         prom.global().externalLabels(), config.storage().remoteWriteMaxBytes(), registry);
 * SampleAppender a = rw.appender(targetKey);
 * a.append(series, nowMs, value);
 * a.commit();                       // in every remote_write's queue, on disk
 * rw.apply(newRemoteWrites, newExternalLabels);   // on reload
 * rw.close();
 * }</pre>
 *
 * <p><b>Queues.</b> Each remote_write has a directory under {@code dir}, named by its {@code name}
 * (or {@code rw-} and a hash of its URL), holding a queue of at most {@code budgetBytesPerQueue}.
 * A restart resumes each queue where its acknowledgements left it. Directories of remote_writes no
 * longer configured are left on disk, so configuring one again resumes it.
 *
 * <p><b>Files.</b> Relative {@code password_file}, {@code credentials_file} and {@code tls_config}
 * files are found in {@code configDir} (the config file's directory), as for scrape jobs and
 * http_sd; secret files are read when a remote_write is opened.
 *
 * <p><b>Commit.</b> {@link SampleAppender#commit} returns once the samples are in every queue.
 * With several remote_writes a failure in one queue throws, and the queues already appended to keep
 * the samples. With no remote_write configured, commit stores nothing: the samples go nowhere.
 *
 * <p><b>Reload.</b> {@link #apply} keeps a remote_write whose config and external labels are
 * unchanged running untouched, closes those removed or changed, and opens the new and changed ones;
 * commits wait while it swaps.
 *
 * <p><b>Close.</b> Stops every remote_write in turn: retries end, sends on the wire finish, what was
 * delivered is acknowledged and the rest stays queued for the next start. {@link #close(Duration)}
 * first lets the queues be sent for up to a flush deadline, as Prometheus'
 * {@code --storage.remote.flush-deadline} does at shutdown, so samples reach the receiver now rather
 * than after the next start; a remote_write whose receiver fails meanwhile is not waited for, and
 * what is left is logged.
 *
 * <p>Thread-safe.
 */
public final class RemoteWrite implements SampleAppender.Storage, AutoCloseable {
    /** How often each queue's depth is sampled for {@link QueueStatus#depth}. */
    public static final Duration DEPTH_PERIOD = Duration.ofSeconds(10);
    /** How many samples of each queue's depth are kept: ten minutes' worth. */
    public static final int DEPTH_HISTORY = 60;
    private static final Logger LOG = Log.logger().with("component", "remote_write");
    private static final Duration FLUSH_POLL = Duration.ofMillis(20);
    private static final double[] SEND_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60};

    private final Path dir;
    private final Path configDir;
    private final long budgetBytes;
    private final OnDamage onDamage;
    private final Histogram sendDuration;
    private final Clock clock;
    private final Duration reshardInterval;
    private final AppendFile.Opener files;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ScheduledExecutorService depthSampler;
    // Guarded by lock: written under the write lock, read under either.
    private Map<String, Destination> destinations = new LinkedHashMap<>();
    private Destination[] fanOut = new Destination[0];
    private boolean closed;

    private RemoteWrite(Path dir, Path configDir, long budgetBytes, OnDamage onDamage, Registry metrics, Clock clock,
                        Duration reshardInterval, AppendFile.Opener files) {
        this.dir = dir;
        this.configDir = configDir;
        this.budgetBytes = budgetBytes;
        this.onDamage = onDamage;
        this.clock = clock;
        this.reshardInterval = reshardInterval;
        this.files = files;
        // One task samples every queue's depth, so the plots of all queues share their times.
        this.depthSampler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("ferry-rw-depth").daemon(true).unstarted(r));
        depthSampler.scheduleAtFixedRate(this::sampleDepth, 0, DEPTH_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        this.sendDuration = metrics.histogram("ferry_remote_write_sent_batch_duration_seconds",
                "How long sending one request took, retries and their waits included.", SEND_BUCKETS,
                "remote_name", "url");
        metrics.register(() -> {
            lock.readLock().lock();
            try {
                return RemoteWriteMetrics.collect(List.copyOf(destinations.values()));
            } finally {
                lock.readLock().unlock();
            }
        });
    }

    /**
     * Opens a queue per item of {@code configs} under {@code dir} and starts sending.
     *
     * @param configDir      where relative secret and TLS files are found: the config file's directory
     * @param externalLabels {@code global.external_labels}, added to series that lack them
     * @param budgetBytesPerQueue {@code storage.remote_write_max_bytes}
     * @throws IOException when a queue cannot be opened or a secret or certificate file read; nothing
     *                     is left running then
     */
    public static RemoteWrite open(Path dir, Path configDir, List<Receiver> configs, Map<String, String> externalLabels,
                                   long budgetBytesPerQueue, Registry metrics) throws IOException {
        return open(dir, configDir, configs, externalLabels, budgetBytesPerQueue, metrics, OnDamage.REFUSE);
    }

    /**
     * As {@link #open(Path, Path, List, Map, long, Registry)}, with what opening a queue (now or at a
     * reload) does with damage no crash explains: refuse it, or cut it keeping a copy.
     */
    public static RemoteWrite open(Path dir, Path configDir, List<Receiver> configs, Map<String, String> externalLabels,
                                   long budgetBytesPerQueue, Registry metrics, OnDamage onDamage) throws IOException {
        return open(dir, configDir, configs, externalLabels, budgetBytesPerQueue, metrics, onDamage, Clock.systemUTC(),
                ShardedSender.DEFAULT_RESHARD_INTERVAL, AppendFile.Opener.FILES);
    }

    static RemoteWrite open(Path dir, Path configDir, List<Receiver> configs, Map<String, String> externalLabels,
                            long budgetBytesPerQueue, Registry metrics, OnDamage onDamage, Clock clock,
                            Duration reshardInterval, AppendFile.Opener files) throws IOException {
        RemoteWrite rw = new RemoteWrite(dir, configDir, budgetBytesPerQueue, onDamage, metrics, clock, reshardInterval,
                files);
        try {
            rw.apply(configs, externalLabels);
        } catch (IOException | RuntimeException e) {
            rw.close();
            throw e;
        }
        return rw;
    }

    /**
     * Warns of each queue directory no remote_write uses (one removed or renamed in the config), at
     * start and at each reload: what it holds unsent is sent only if that remote_write comes back,
     * and its disk is not freed.
     */
    private void warnOfUnusedQueues(Set<String> used) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> queues = Files.list(dir)) {
            for (Path q : (Iterable<Path>) queues::iterator) {
                if (Files.isDirectory(q) && !used.contains(q.getFileName().toString())) {
                    LOG.warn("a remote-write queue no remote_write uses: what it holds is not sent; configure that "
                            + "remote_write again to send it, or delete the directory", "dir", q, "bytes", bytesIn(q));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot list the remote-write queues", "dir", dir, "err", e);
        }
    }

    private static long bytesIn(Path queue) throws IOException {
        try (Stream<Path> entries = Files.list(queue)) {
            long bytes = 0;
            for (Path f : (Iterable<Path>) entries::iterator) {
                bytes += Files.isRegularFile(f) ? Files.size(f) : 0;
            }
            return bytes;
        }
    }

    /**
     * Brings the running remote_writes in line with {@code configs}: unchanged ones keep running,
     * removed and changed ones are closed, new and changed ones opened. The senders of new and
     * changed ones are made first (their secret and TLS files read): when one cannot be, nothing
     * changes and the {@link NotApplied} names it. When a queue then fails to open, the others are
     * in place and the exception names it.
     */
    public void apply(List<Receiver> configs, Map<String, String> externalLabels) throws IOException {
        Map<String, String> external = Map.copyOf(externalLabels);
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("remote write is closed");
            }
            Map<String, Receiver> wanted = new LinkedHashMap<>();
            for (Receiver c : configs) {
                String name = Destination.queueName(c);
                if (wanted.putIfAbsent(name, c) != null) {
                    throw new IllegalArgumentException("two remote_write items share the queue name " + name
                            + "; give them distinct names");
                }
            }
            Set<String> kept = new HashSet<>();
            for (Map.Entry<String, Destination> e : destinations.entrySet()) {
                Receiver c = wanted.get(e.getKey());
                if (c != null && e.getValue().runs(c, external)) {
                    kept.add(e.getKey());
                }
            }
            Map<String, RemoteWriteSender> senders = openSenders(wanted, kept);
            Map<String, Destination> next = new LinkedHashMap<>();
            for (Map.Entry<String, Destination> e : destinations.entrySet()) {
                Receiver c = wanted.get(e.getKey());
                if (!kept.contains(e.getKey())) {
                    LOG.info("stopping a remote write", "remote_name", e.getKey(), "reason", c == null ? "removed" : "changed");
                    e.getValue().close();
                }
            }
            IOException failure = null;
            for (Map.Entry<String, Receiver> w : wanted.entrySet()) {
                String name = w.getKey();
                if (kept.contains(name)) {
                    next.put(name, destinations.get(name));
                    continue;
                }
                Histogram.Child duration = sendDuration.labels(name, UrlUserInfo.redacted(w.getValue().url()));
                try {
                    next.put(name, Destination.open(dir, w.getValue(), senders.get(name), external, budgetBytes, onDamage,
                            files, duration::observe, clock, reshardInterval, DEPTH_HISTORY));
                    LOG.info("started a remote write", "remote_name", name, "url",
                            UrlUserInfo.redacted(w.getValue().url()));
                } catch (IOException | RuntimeException e) {
                    if (failure == null) {
                        failure = new IOException("remote_write " + name + ": " + e.getMessage(), e);
                    }
                }
            }
            destinations = next;
            fanOut = next.values().toArray(Destination[]::new);
            warnOfUnusedQueues(wanted.keySet());
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Reads each receiver's secret and TLS files as starting it would, without opening its queue, for
     * {@code ferry check config}; the failure names the remote_write.
     */
    public static void checkFiles(List<Receiver> receivers, Path configDir) throws IOException {
        for (Receiver r : receivers) {
            sender(r, configDir).close();
        }
    }

    /** The sender of {@code r}, its secret and TLS files read; a failure names the remote_write. */
    private static RemoteWriteSender sender(Receiver r, Path configDir) throws IOException {
        try {
            return SenderFactory.open(r, "Ferry/" + BuildInfo.version(), configDir);
        } catch (IOException | RuntimeException e) {
            throw new IOException("remote_write " + Destination.queueName(r) + ": " + e.getMessage(), e);
        }
    }

    /** A remote_write {@link #apply} could not start, before it changed anything: what runs stays as it was. */
    public static final class NotApplied extends IOException {
        private static final long serialVersionUID = 1L;

        NotApplied(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A sender for each wanted remote_write not kept running; when one cannot be made, those made
     * are closed and the failure names the remote_write.
     */
    private Map<String, RemoteWriteSender> openSenders(Map<String, Receiver> wanted, Set<String> kept) throws IOException {
        Map<String, RemoteWriteSender> senders = new LinkedHashMap<>();
        for (Map.Entry<String, Receiver> w : wanted.entrySet()) {
            if (kept.contains(w.getKey())) {
                continue;
            }
            try {
                senders.put(w.getKey(), sender(w.getValue(), configDir));
            } catch (IOException e) {
                senders.values().forEach(RemoteWriteSender::close);
                throw new NotApplied(e.getMessage(), e);
            }
        }
        return senders;
    }

    /** The queue names of the remote_writes running now, in config order. */
    public List<String> running() {
        lock.readLock().lock();
        try {
            return List.copyOf(destinations.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The queues of the remote_writes running now, in config order, as the status pages show
     * them. A queue closed by a reload (removed or changed) is gone; a changed one starts its
     * counters and depth history again. Cheap: no disk access.
     */
    public List<QueueStatus> queues() {
        lock.readLock().lock();
        try {
            return destinations.values().stream().map(Destination::status).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Notes every running queue's depth; the sampler calls it every {@link #DEPTH_PERIOD}. */
    void sampleDepth() {
        lock.readLock().lock();
        try {
            destinations.values().forEach(Destination::sampleDepth);
        } catch (RuntimeException e) {
            LOG.warn("cannot sample the remote write queues' depth", "error", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public SampleAppender appender(long key) {
        return new Appender(key);
    }

    private void commit(long key, Labels[] series, EncodedSeries encoded, long[] timestamps, double[] values, int n)
            throws IOException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IOException("remote write is closed");
            }
            IOException first = null;
            for (Destination d : fanOut) {
                try {
                    d.append(key, series, encoded, timestamps, values, n);
                } catch (IOException e) {
                    // One remote_write's queue that cannot be written must not cost the others their samples.
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Waits up to {@code flushDeadline} for every remote_write to send what its queue holds, not
     * for one whose receiver is failing (its latest answer, or one since the wait began, was one to
     * retry), then {@link #close()}s,
     * logging each remote_write that stopped with samples unsent. An interrupt ends the wait.
     */
    public void close(Duration flushDeadline) {
        List<Destination> all;
        lock.readLock().lock();
        try {
            if (closed) {
                return;
            }
            all = List.copyOf(destinations.values());
        } finally {
            lock.readLock().unlock();
        }
        long[] retriedBefore = all.stream().mapToLong(d -> d.stats().retried.sum()).toArray();
        long deadline = System.nanoTime() + flushDeadline.toNanos();
        try {
            for (int i = 0; i < all.size(); i++) {
                Destination d = all.get(i);
                while (d.pendingSamples() > 0 && !d.stats().failing && d.stats().retried.sum() == retriedBefore[i]
                        && System.nanoTime() - deadline < 0) {
                    Thread.sleep(FLUSH_POLL.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Destination d : all) {
            long left = d.pendingSamples();
            if (left > 0) {
                LOG.warn("remote write stopping with samples unsent; they stay queued and are sent after the next start",
                        "remote_name", d.queueName(), "pending_samples", left, "flush_deadline", PromDuration.format(flushDeadline));
            }
        }
        close();
    }

    /** Stops every remote_write in config order at once, leaving what is unsent queued; idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            depthSampler.shutdownNow();
            List<Destination> all = new ArrayList<>(destinations.values());
            for (Destination d : all) {
                try {
                    d.close();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("closing a remote write failed", "remote_name", d.queueName(), "error", e);
                }
            }
            destinations = new LinkedHashMap<>();
            fanOut = new Destination[0];
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Buffers one unit of work's samples; the commit encodes them once per remote_write. */
    private final class Appender implements SampleAppender {
        private final long key;
        private Labels[] series = new Labels[64];
        /** The label fields of samples appended as such (null for the others), and where they are. */
        private byte[][] fields = new byte[64][];
        private int[] offsets = new int[64];
        private int[] lengths = new int[64];
        private long[] timestamps = new long[64];
        private double[] values = new double[64];
        private int n;
        private boolean spent;

        Appender(long key) {
            this.key = key;
        }

        @Override
        public void append(Labels s, long timestampMs, double value) {
            int i = add(timestampMs, value);
            series[i] = s;
        }

        @Override
        public void append(byte[] labelFields, int offset, int length, long timestampMs, double value) {
            int i = add(timestampMs, value);
            fields[i] = labelFields;
            offsets[i] = offset;
            lengths[i] = length;
        }

        /** Takes the next slot for a sample; returns its index. */
        private int add(long timestampMs, double value) {
            if (spent) {
                throw new IllegalStateException("this appender was committed or rolled back");
            }
            if (n == series.length) {
                int size = n * 2;
                series = Arrays.copyOf(series, size);
                fields = Arrays.copyOf(fields, size);
                offsets = Arrays.copyOf(offsets, size);
                lengths = Arrays.copyOf(lengths, size);
                timestamps = Arrays.copyOf(timestamps, size);
                values = Arrays.copyOf(values, size);
            }
            timestamps[n] = timestampMs;
            values[n] = value;
            return n++;
        }

        @Override
        public void commit() throws IOException {
            if (spent) {
                throw new IllegalStateException("this appender was committed or rolled back");
            }
            spent = true;
            try {
                if (n > 0) {
                    RemoteWrite.this.commit(key, series, new EncodedSeries(fields, offsets, lengths), timestamps, values, n);
                }
            } finally {
                release();
            }
        }

        @Override
        public void rollback() {
            spent = true;
            release();
        }

        private void release() {
            series = null;
            fields = null;
            offsets = null;
            lengths = null;
            timestamps = null;
            values = null;
        }
    }
}
