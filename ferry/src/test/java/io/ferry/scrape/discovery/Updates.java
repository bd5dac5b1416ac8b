package io.ferry.scrape.discovery;

import io.ferry.log.LogSink;
import io.ferry.log.Logger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What a discoverer sent, applied as a target pool would: a group replaces its source's, an empty
 * group removes it. Checks the contract's "never concurrently" on every call, and waits for a state
 * with a deadline instead of sleeping.
 */
final class Updates implements java.util.function.Consumer<List<TargetGroup>> {
    static final long WAIT_MS = 10_000;

    private final Map<String, TargetGroup> state = new TreeMap<>();
    private final List<List<TargetGroup>> calls = new ArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile String violation;

    @Override
    public void accept(List<TargetGroup> groups) {
        if (inside.incrementAndGet() != 1) {
            violation = "updates called concurrently";
        }
        synchronized (this) {
            calls.add(groups);
            for (TargetGroup g : groups) {
                if (g.targets().isEmpty()) {
                    state.remove(g.source());
                } else {
                    state.put(g.source(), g);
                }
            }
            notifyAll();
        }
        inside.decrementAndGet();
    }

    synchronized Map<String, TargetGroup> state() {
        return new TreeMap<>(state);
    }

    synchronized int calls() {
        return calls.size();
    }

    synchronized List<List<TargetGroup>> allCalls() {
        return new ArrayList<>(calls);
    }

    /** Waits until {@code done} holds for the state, failing with the last state after the deadline. */
    synchronized Map<String, TargetGroup> await(String what, Predicate<Map<String, TargetGroup>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!done.test(state)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; state: " + state);
            }
            wait(left);
        }
        if (violation != null) {
            throw new AssertionError(violation);
        }
        return new TreeMap<>(state);
    }

    /** Waits for at least {@code n} calls. */
    synchronized void awaitCalls(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (calls.size() < n) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + n + " calls; got " + calls);
            }
            wait(left);
        }
    }

    /** A log that tests can read. */
    static final class CapturedLog {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final LogSink sink = new LogSink(out, Clock.systemUTC());

        Logger logger() {
            return sink.logger();
        }

        String text() {
            sink.flush();
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        /** How many lines contain {@code s}. */
        long count(String s) {
            return text().lines().filter(l -> l.contains(s)).count();
        }

        /** Waits until some line contains {@code s}. */
        String await(String s) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
            while (count(s) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no log line with \"" + s + "\" in:\n" + text());
                }
                Thread.sleep(20);
            }
            return text();
        }
    }
}
