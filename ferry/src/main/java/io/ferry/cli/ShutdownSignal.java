package io.ferry.cli;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits for SIGTERM, SIGINT or a request to stop ({@code /-/quit}) so {@code serve} can shut down
 * gracefully and exit 0.
 *
 * <p>A JVM shutdown hook would also run on these signals, but the process would then exit with
 * 128+signal, which supervisors read as a crash; handling the signals lets {@code serve} finish
 * its shutdown and return normally. A second signal during shutdown exits at once with status 1,
 * unless it comes within {@link #REPEAT} of the first: that is the same stop sent twice (GNU
 * {@code timeout} signals its child, then the child's process group), not an operator insisting.
 *
 * <p>{@code sun.misc.Signal} is one of the internal APIs JEP 260 keeps available on purpose (module
 * {@code jdk.unsupported}); javac warns about it on every build, which is expected.
 */
final class ShutdownSignal {
    private static final Logger LOG = Log.logger();

    /**
     * What asked Ferry to stop.
     *
     * @param kind {@code signal} or {@code request}
     * @param name {@code SIGTERM}, or the request, e.g. {@code PUT /-/quit}
     */
    record Cause(String kind, String name) {
    }

    static final Duration REPEAT = Duration.ofSeconds(1);

    private final CountDownLatch received = new CountDownLatch(1);
    private final AtomicReference<Cause> first = new AtomicReference<>();
    /** When the first cause came; 0 until it is set, just after {@link #first}. */
    private volatile long firstNanos;

    private ShutdownSignal() {
    }

    /** Takes over SIGTERM and SIGINT from the JVM's default handling. */
    static ShutdownSignal install() {
        ShutdownSignal s = new ShutdownSignal();
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s::onSignal);
            } catch (IllegalArgumentException e) {
                // E.g. under -Xrs: the JVM keeps its default handling and Ferry stops without draining.
                LOG.warn("cannot handle signal, it will stop Ferry abruptly", "signal", "SIG" + name, "err", e.getMessage());
            }
        }
        return s;
    }

    /**
     * Reloads the config on SIGHUP, as Prometheus does, on a thread of its own so a slow reload never
     * holds up the JVM's signal dispatch.
     */
    static void onHangup(Runnable reload) {
        try {
            SignalHandler before = Signal.handle(new Signal("HUP"), s -> Thread.ofVirtual().name("reload").start(reload));
            if (before == SignalHandler.SIG_IGN) {
                // The JVM leaves a signal ignored at its start ignored (nohup does that to SIGHUP), and
                // says so only by this answer; Go's runtime, under Prometheus, takes it back.
                LOG.warn("SIGHUP is ignored in this process (started under nohup?) and does not reload; "
                        + "use POST /-/reload");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot handle SIGHUP; use POST /-/reload to reload", "err", e.getMessage());
        }
    }

    /** A stop asked for over HTTP; once one cause is in, later requests change nothing. */
    void request(String what) {
        if (first.compareAndSet(null, new Cause("request", what))) {
            firstNanos = System.nanoTime();
            received.countDown();
        }
    }

    private void onSignal(Signal signal) {
        String name = "SIG" + signal.getName();
        long now = System.nanoTime();
        if (first.compareAndSet(null, new Cause("signal", name))) {
            firstNanos = now;
            received.countDown();
        } else if (firstNanos == 0 || now - firstNanos < REPEAT.toNanos()) {
            // Handlers run on threads of their own: 0 is a first cause being set at this instant.
            LOG.info("signal repeated at once, taken as the same stop", "signal", name);
        } else {
            LOG.warn("second signal during shutdown, exiting now", "signal", name);
            Log.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    /** Blocks until the first signal or request and returns it. */
    Cause await() throws InterruptedException {
        received.await();
        return first.get();
    }
}
