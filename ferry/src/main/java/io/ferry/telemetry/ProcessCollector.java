package io.ferry.telemetry;

import io.ferry.model.MetricFamily;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard {@code process_*} metrics every Prometheus client exposes: CPU time, memory, start
 * time and file descriptors.
 *
 * <p>Memory comes from {@code /proc/self/statm} on Linux, in pages of the size the kernel gave the
 * process ({@code AT_PAGESZ} in {@code /proc/self/auxv}, read once): the kernel formats it in a
 * fraction of the time {@code /proc/self/status} takes, and it holds the same two counts. CPU time
 * and descriptors come from the JDK's {@code com.sun.management} beans, which read the same kernel
 * counters. A metric whose source is missing on this platform is left out rather than reported as
 * zero.
 */
public final class ProcessCollector implements Collector {
    /** The auxiliary vector's entry for the page size. */
    private static final long AT_PAGESZ = 6;

    private final Path procStatm;
    /** Bytes a page, 0 when unknown (then no memory metrics). */
    private final long pageSize;
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final double startTimeSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;

    public ProcessCollector() {
        this(Path.of("/proc/self/statm"), pageSize(Path.of("/proc/self/auxv")));
    }

    ProcessCollector(Path procStatm, long pageSize) {
        this.procStatm = procStatm;
        this.pageSize = pageSize;
    }

    @Override
    public List<MetricFamily> collect() {
        List<MetricFamily> out = new ArrayList<>(6);
        if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
            out.add(Families.counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                    sun.getProcessCpuTime() / 1e9));
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            out.add(Families.gauge("process_open_fds", "Number of open file descriptors.",
                    unix.getOpenFileDescriptorCount()));
            out.add(Families.gauge("process_max_fds", "Maximum number of open file descriptors.",
                    unix.getMaxFileDescriptorCount()));
        }
        out.add(Families.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                startTimeSeconds));
        addMemory(out);
        return out;
    }

    private void addMemory(List<MetricFamily> out) {
        if (pageSize <= 0) {
            return;
        }
        String[] fields;
        try {
            fields = Files.readString(procStatm, StandardCharsets.US_ASCII).trim().split(" ");
        } catch (IOException | SecurityException e) {
            return; // Not Linux, or /proc is hidden: skip quietly, as documented.
        }
        // size resident shared text lib data dt, in pages
        if (fields.length >= 2) {
            try {
                double virtual = Long.parseLong(fields[0]) * (double) pageSize;
                double resident = Long.parseLong(fields[1]) * (double) pageSize;
                out.add(Families.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", virtual));
                out.add(Families.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", resident));
            } catch (NumberFormatException e) {
                // Not the format this reads: leave memory out.
            }
        }
    }

    /**
     * The page size in {@code auxv}, pairs of native 64-bit words (type, value) ending with type 0;
     * 0 when it cannot be read or holds none.
     */
    static long pageSize(Path auxv) {
        ByteBuffer words;
        try {
            words = ByteBuffer.wrap(Files.readAllBytes(auxv)).order(ByteOrder.nativeOrder());
        } catch (IOException | SecurityException e) {
            return 0;
        }
        while (words.remaining() >= 16) {
            long type = words.getLong();
            long value = words.getLong();
            if (type == AT_PAGESZ) {
                return value;
            }
            if (type == 0) {
                break;
            }
        }
        return 0;
    }
}
