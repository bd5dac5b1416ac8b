package io.ferry.remotewrite.queue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process {@link QueueCrashIT} kills: appends from several threads without end, and after each
 * append returns prints {@code appended THREAD N} on stdout. Batch N of a thread holds one sample of
 * series {@code thread=THREAD} with value N.
 */
public final class QueueCrashChild {
    private QueueCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        // Small segments, so that the crash also finds rolled segments and a partly written last one.
        DiskSampleQueue queue = DiskSampleQueue.open(dir, DiskSampleQueue.Options.DEFAULT.withBudget(64 << 10, 1L << 30));
        PrintStream out = System.out;
        out.println("ready");
        out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                try {
                    for (long n = 0; n < Long.MAX_VALUE; n++) {
                        queue.append(new QueueRecord(Long.toString(n).getBytes(StandardCharsets.US_ASCII), 1, thread, n));
                        synchronized (out) {
                            out.println("appended " + thread + " " + n);
                            out.flush();
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
        }
        Thread.currentThread().join(); // until killed
    }
}
