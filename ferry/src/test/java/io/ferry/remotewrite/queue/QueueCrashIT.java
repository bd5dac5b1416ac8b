package io.ferry.remotewrite.queue;

import io.ferry.testing.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every append that returned survives {@code kill -9}: a child JVM appends from several threads
 * and reports each append that returned; it is killed without warning, and the queue reopened
 * here holds every reported batch, each thread's in order, with nothing between them missing.
 */
class QueueCrashIT {
    private static final int THREADS = 4;

    @TempDir
    Path work;

    @Test
    void everyReturnedAppendSurvivesKillNine() throws Exception {
        Path dir = work.resolve("queue");
        long[] reported = new long[THREADS];
        java.util.Arrays.fill(reported, -1);
        int lines = 0;
        String classpath = String.join(File.pathSeparator,
                location(DiskSampleQueue.class), location(QueueCrashChild.class), System.getProperty("java.class.path"));
        try (ChildProcess child = ChildProcess.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, QueueCrashChild.class.getName(), dir.toString(), Integer.toString(THREADS)).start()) {
            // Kill after enough appends to have rolled segments; the bound only ends a broken run.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            boolean killed = false;
            while (!killed && child.isAlive() && System.nanoTime() < deadline) {
                killed = child.stdout().lines().filter(l -> l.startsWith("appended ")).count() >= 3_000;
                Thread.sleep(10);
            }
            child.kill(); // SIGKILL
            assertThat(child.awaitExit(Duration.ofSeconds(60))).isTrue();
            // Every line the child wrote before dying.
            for (String line : child.stdout().lines().toList()) {
                if (line.startsWith("appended ")) {
                    String[] f = line.split(" ");
                    int thread = Integer.parseInt(f[1]);
                    long n = Long.parseLong(f[2]);
                    assertThat(n).as("thread %d reports in order", thread).isEqualTo(reported[thread] + 1);
                    reported[thread] = n;
                    lines++;
                }
            }
            assertThat(killed).as("the child reported 3,000 appends before ending; stderr:\n%s", child.stderr()).isTrue();
        }
        System.out.println("QueueCrashIT: " + lines + " appends reported before kill -9");

        try (DiskSampleQueue q = DiskSampleQueue.open(dir, DiskSampleQueue.Options.DEFAULT)) {
            List<List<Double>> byThread = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                byThread.add(new ArrayList<>());
            }
            for (QueueRecord r : DiskSampleQueueTest.readAll(q, q.acknowledged())) {
                byThread.get((int) r.shardKey()).add((double) r.maxTimestampMs());
            }
            for (int t = 0; t < THREADS; t++) {
                List<Double> values = byThread.get(t);
                // 0, 1, 2 ... in order with no gap; at least up to the last reported, perhaps one more
                // whose append was forced but not yet reported.
                assertThat(values.size()).as("thread %d: batches kept vs. last reported %d", t, reported[t])
                        .isBetween((int) reported[t] + 1, (int) reported[t] + 2);
                for (int i = 0; i < values.size(); i++) {
                    assertThat(values.get(i)).as("thread %d batch %d", t, i).isEqualTo((double) i);
                }
            }
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
