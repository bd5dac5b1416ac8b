package io.ferry.scrape.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The delivering half of every discoverer: given the whole current set of groups, it sends the
 * groups that changed, an empty group for every source that vanished, and nothing when nothing
 * changed (except the first time, which always calls, so the pool learns the source was read).
 * After {@link #close} returns it never calls again, even if a refresh that began before finishes
 * later. Thread-safe; calls {@code updates} under a lock, so never concurrently.
 */
final class GroupPublisher {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TargetGroup> current = new HashMap<>();
    private Consumer<List<TargetGroup>> updates;
    private boolean sentOnce;
    private volatile boolean closed;

    void start(Consumer<List<TargetGroup>> updates) {
        lock.lock();
        try {
            if (this.updates != null) {
                throw new IllegalStateException("start is called once");
            }
            this.updates = updates;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces everything this discoverer found by {@code all} (sources unique). Groups without
     * targets count as absent. Returns without calling once closed.
     */
    void publishAll(Collection<TargetGroup> all) {
        lock.lock();
        try {
            if (closed || updates == null) {
                return;
            }
            Map<String, TargetGroup> next = new LinkedHashMap<>();
            for (TargetGroup g : all) {
                if (!g.targets().isEmpty()) {
                    next.put(g.source(), g);
                }
            }
            List<TargetGroup> changed = new ArrayList<>();
            for (TargetGroup g : next.values()) {
                if (!g.equals(current.get(g.source()))) {
                    changed.add(g);
                }
            }
            for (TargetGroup old : current.values()) {
                if (!next.containsKey(old.source())) {
                    changed.add(new TargetGroup(old.source(), List.of(), old.labels()));
                }
            }
            current.clear();
            current.putAll(next);
            if (changed.isEmpty() && sentOnce) {
                return;
            }
            sentOnce = true;
            updates.accept(List.copyOf(changed));
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close} has begun: refreshes check it to stop early. */
    boolean closed() {
        return closed;
    }

    /** Waits for a call in progress to return; none follows. */
    void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }
}
