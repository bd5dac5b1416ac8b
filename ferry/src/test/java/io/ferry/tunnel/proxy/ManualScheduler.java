package io.ferry.tunnel.proxy;

import io.ferry.testing.SettableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} on a {@link SettableClock}: tasks run when the test moves time past them. */
final class ManualScheduler implements Scheduler {
    final SettableClock clock = new SettableClock(Instant.ofEpochSecond(1_800_000_000));
    private final List<Task> tasks = new ArrayList<>();

    private record Task(Instant at, Runnable run, boolean[] cancelled) {
    }

    @Override
    public synchronized Runnable after(Duration delay, Runnable task) {
        Task t = new Task(clock.instant().plus(delay), task, new boolean[1]);
        tasks.add(t);
        return () -> {
            synchronized (this) {
                t.cancelled[0] = true;
            }
        };
    }

    /** Moves the clock by {@code d}, running every task due on the way, in time order. */
    void advance(Duration d) {
        Instant end = clock.instant().plus(d);
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled[0]);
                next = tasks.stream().filter(t -> !t.at.isAfter(end)).min(Comparator.comparing(Task::at)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                if (next.at.isAfter(clock.instant())) {
                    clock.set(next.at);
                }
            }
            next.run.run();
        }
        clock.set(end);
    }
}
