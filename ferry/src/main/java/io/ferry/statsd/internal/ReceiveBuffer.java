package io.ferry.statsd.internal;

import io.ferry.log.Log;
import io.ferry.log.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The receive buffer a StatsD datagram socket asks for: the configured size, or with 0 the largest
 * the kernel allows an unprivileged process ({@code net.core.rmem_max}). Linux silently caps a
 * larger request at {@code rmem_max}; this says so in the log, since a small buffer is where a
 * synchronised burst of packets is lost.
 */
public final class ReceiveBuffer {
    private static final Logger LOG = Log.logger();
    private static final Path RMEM_MAX = Path.of("/proc/sys/net/core/rmem_max");

    private ReceiveBuffer() {
    }

    /** The size to ask for: {@code configured} when positive, else {@code rmem_max}; 0 to leave the system's default. */
    public static int wanted(long configured) {
        if (configured > 0) {
            return (int) Math.min(Integer.MAX_VALUE, configured);
        }
        long max = rmemMax();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, max));
    }

    /**
     * Logs what the socket got against what was asked: a warning when the kernel capped it (Linux
     * reports twice the size it grants, for its bookkeeping), else one info line.
     */
    public static void report(String listener, int asked, int got) {
        long max = rmemMax();
        boolean capped = max > 0 ? asked > max : got < asked;
        if (capped) {
            LOG.warn("the kernel capped the StatsD receive buffer; raise net.core.rmem_max to allow more",
                    "listener", listener, "asked_bytes", asked, "got_bytes", got, "rmem_max", max);
        } else {
            LOG.info("StatsD receive buffer", "listener", listener, "asked_bytes", asked, "got_bytes", got);
        }
    }

    /** {@code net.core.rmem_max}, or -1 where it cannot be read. */
    static long rmemMax() {
        try {
            // Read as lines: procfs reports a size of its own that Files.readString trusts and cuts at.
            return Long.parseLong(Files.readAllLines(RMEM_MAX).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
