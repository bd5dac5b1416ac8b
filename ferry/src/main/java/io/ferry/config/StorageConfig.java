package io.ferry.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code storage:} section: where Ferry keeps its state.
 *
 * @param path  the state directory, created at start ({@code path}, flag {@code --storage.path})
 * @param fsync force the push log to disk before acknowledging ({@code fsync}, default true); off,
 *              an acknowledged push can be lost in a power failure or kernel crash (not in a crash
 *              of Ferry alone). Meant for measuring what durability costs.
 * @param remoteWriteMaxBytes most bytes on disk of each remote_write's queue
 *              ({@code remote_write_max_bytes}, flag {@code --storage.remote-write.max-bytes}, default
 *              1GiB); past it the oldest samples are dropped and counted
 * @param repair whether opening the push store and the remote-write queues cuts damage no crash
 *              explains, after keeping a copy of what it cuts beside the damaged file (flag
 *              {@code --storage.repair} only, default false: damage then stops the start). Not a key
 *              of the file, so that a repair is a decision made once, not a setting left on.
 * @param remoteWriteFlushDeadline how long a shutdown waits for the remote-write queues to be sent
 *              ({@code remote_write_flush_deadline}, default 1m, as Prometheus'
 *              {@code --storage.remote.flush-deadline}); what is left stays queued for the next start
 */
public record StorageConfig(Path path, boolean fsync, long remoteWriteMaxBytes, boolean repair,
                            Duration remoteWriteFlushDeadline) {
    public static final long DEFAULT_REMOTE_WRITE_MAX_BYTES = 1L << 30;
    public static final Duration DEFAULT_REMOTE_WRITE_FLUSH_DEADLINE = Duration.ofMinutes(1);
    /** Two segments of the smallest size worth having; a smaller budget could not keep whole segments. */
    public static final long MIN_REMOTE_WRITE_MAX_BYTES = 2L << 20;

    public StorageConfig {
        if (remoteWriteMaxBytes < MIN_REMOTE_WRITE_MAX_BYTES) {
            throw new IllegalArgumentException("storage.remote_write_max_bytes must be at least "
                    + ByteSize.format(MIN_REMOTE_WRITE_MAX_BYTES) + ", not " + ByteSize.format(remoteWriteMaxBytes));
        }
        if (remoteWriteFlushDeadline.isNegative()) {
            throw new IllegalArgumentException("storage.remote_write_flush_deadline must not be negative");
        }
    }

    public StorageConfig(Path path, boolean fsync, long remoteWriteMaxBytes, boolean repair) {
        this(path, fsync, remoteWriteMaxBytes, repair, DEFAULT_REMOTE_WRITE_FLUSH_DEADLINE);
    }

    public StorageConfig(Path path, boolean fsync, long remoteWriteMaxBytes) {
        this(path, fsync, remoteWriteMaxBytes, false);
    }

    public StorageConfig(Path path, boolean fsync) {
        this(path, fsync, DEFAULT_REMOTE_WRITE_MAX_BYTES);
    }

    public StorageConfig(Path path) {
        this(path, true);
    }

    public StorageConfig withRepair(boolean repair) {
        return new StorageConfig(path, fsync, remoteWriteMaxBytes, repair, remoteWriteFlushDeadline);
    }
}
