package io.ferry.telemetry;

import io.ferry.model.MetricFamily;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard {@code process_*} metrics every Prometheus client exposes: CPU time, memory, start
 * time and file descriptors.
 *
 * <p>Memory comes from {@code /proc/self/status} on Linux; CPU time and descriptors from the JDK's
 * {@code com.sun.management} beans, which read the same kernel counters. A metric whose source is
 * missing on this platform is left out rather than reported as zero.
 */
public final class ProcessCollector implements Collector {
    private final Path procStatus;
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final double startTimeSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;

    public ProcessCollector() {
        this(Path.of("/proc/self/status"));
    }

    ProcessCollector(Path procStatus) {
        this.procStatus = procStatus;
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
        List<String> lines;
        try {
            lines = Files.readAllLines(procStatus);
        } catch (IOException | SecurityException e) {
            return; // Not Linux, or /proc is hidden: skip quietly, as documented.
        }
        long rss = kilobytes(lines, "VmRSS:");
        long virtual = kilobytes(lines, "VmSize:");
        if (virtual >= 0) {
            out.add(Families.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", virtual * 1024.0));
        }
        if (rss >= 0) {
            out.add(Families.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", rss * 1024.0));
        }
    }

    /** The value of a {@code Name:   1234 kB} line, or -1. */
    static long kilobytes(List<String> lines, String prefix) {
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                String[] parts = line.substring(prefix.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
