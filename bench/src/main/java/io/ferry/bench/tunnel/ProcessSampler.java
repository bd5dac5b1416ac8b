package io.ferry.bench.tunnel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Samples, once a second, the CPU time (utime + stime from {@code /proc/PID/stat}), the resident
 * set ({@code VmRSS} from {@code /proc/PID/status}) and the open files ({@code /proc/PID/fd}) of a
 * few processes, and the machine's busy CPU time from {@code /proc/stat}, so a window's CPU can be
 * given as cores and its RSS and open files as the maximum of the samples in it.
 *
 * <pre>{@code
 * ProcessSampler s = ProcessSampler.start(List.of(proxyPid, clientsPid), 100);
 * ...
 * double cores = s.cores(0, from, to);     // process 0's CPU over [from, to] in cores
 * long rssKb = s.maxRssKb(0, from, to);
 * }</pre>
 *
 * <p>Thread-safe: the sampling thread appends under this object's lock; readers take it too.
 */
final class ProcessSampler {
    /** The {@link #cores} index of the whole machine (busy time of every CPU). */
    static final int MACHINE = -1;

    private final List<Long> pids;
    private final double ticksPerSecond;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;

    private record Sample(long nanos, long[] ticks, long[] rssKb, long[] fds, long machineTicks) {
    }

    private ProcessSampler(List<Long> pids, double ticksPerSecond) {
        this.pids = List.copyOf(pids);
        this.ticksPerSecond = ticksPerSecond;
        this.thread = Thread.ofPlatform().daemon().name("process-sampler").unstarted(this::run);
    }

    static ProcessSampler start(List<Long> pids, double ticksPerSecond) {
        ProcessSampler s = new ProcessSampler(pids, ticksPerSecond);
        s.sample();
        s.thread.start();
        return s;
    }

    void stop() {
        thread.interrupt();
    }

    private void run() {
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            next += 1_000_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            sample();
        }
    }

    private void sample() {
        long[] ticks = new long[pids.size()];
        long[] rss = new long[pids.size()];
        long[] fds = new long[pids.size()];
        for (int i = 0; i < pids.size(); i++) {
            ticks[i] = cpuTicks(pids.get(i));
            rss[i] = rssKb(pids.get(i));
            fds[i] = openFiles(pids.get(i));
        }
        long machine = machineBusyTicks();
        synchronized (this) {
            samples.add(new Sample(System.nanoTime(), ticks, rss, fds, machine));
        }
    }

    /**
     * CPU of process {@code index} (or {@link #MACHINE}) over the samples from the first at or after
     * {@code fromNanos} to the last at or before {@code toNanos}, in cores; NaN without two samples.
     */
    synchronized double cores(int index, long fromNanos, long toNanos) {
        Sample first = null;
        Sample last = null;
        for (Sample s : samples) {
            if (s.nanos >= fromNanos && s.nanos <= toNanos) {
                first = first == null ? s : first;
                last = s;
            }
        }
        if (first == null || last == first) {
            return Double.NaN;
        }
        long t0 = index == MACHINE ? first.machineTicks : first.ticks[index];
        long t1 = index == MACHINE ? last.machineTicks : last.ticks[index];
        if (t0 < 0 || t1 < 0) {
            return Double.NaN;
        }
        return (t1 - t0) / ticksPerSecond / ((last.nanos - first.nanos) / 1e9);
    }

    /** The largest RSS of process {@code index} sampled in [fromNanos, toNanos], in KiB; -1 without one. */
    long maxRssKb(int index, long fromNanos, long toNanos) {
        return max(fromNanos, toNanos, s -> s.rssKb[index]);
    }

    /** The most open files process {@code index} had in a sample in [fromNanos, toNanos]; -1 without one. */
    long maxOpenFiles(int index, long fromNanos, long toNanos) {
        return max(fromNanos, toNanos, s -> s.fds[index]);
    }

    private synchronized long max(long fromNanos, long toNanos, ToLongFunction<Sample> value) {
        long max = -1;
        for (Sample s : samples) {
            if (s.nanos >= fromNanos && s.nanos <= toNanos) {
                max = Math.max(max, value.applyAsLong(s));
            }
        }
        return max;
    }

    /** The number of open file descriptors, or -1 when the process is gone. */
    static long openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime in clock ticks, or -1 when the process is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name is in parentheses and may hold spaces: count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS in KiB, or -1 when the process is gone. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Busy ticks of all CPUs: the first line of /proc/stat, everything but idle and iowait. */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
