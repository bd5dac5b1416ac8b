package io.ferry.server;

import io.ferry.log.Log;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Renders the body of {@code GET /metrics} ahead of its next scrape once the pushed groups have
 * stopped changing ({@link MetricsBody#renderAhead}), so that the first scrape after a bulk load sends
 * what is already rendered instead of rendering it while the scraper waits.
 *
 * <pre>{@code
 * RenderAhead ahead = RenderAhead.start(store::changes, body, registry);
 * ahead.close();
 * }</pre>
 *
 * <p><b>When.</b> Every {@link #TICK} it reads the store's change count. Once the count has stayed
 * the same for {@link #QUIET}, so that a bulk load is not rendered push by push, and differs from the
 * count it last rendered ahead, it renders ahead. A store that never changed is not rendered; one
 * restored from disk is, once.
 *
 * <p><b>What it may cost.</b> At most {@value #PER_SCRAPE} renders ahead between two scrapes (and
 * before the first): a render ahead whose families change again before the scrape is wasted, and
 * where pushes trickle in all the time, this bounds the renders to {@value #PER_SCRAPE} ahead for
 * each scrape's own. Where no one scrapes, it renders {@value #PER_SCRAPE} times and stops. Each
 * render is of what changed only, like a scrape's. {@code ferry_metrics_rendered_ahead_total}
 * counts them.
 *
 * <p>Thread-safety: {@link #tick} is called by one thread at a time (the one {@link #start} makes).
 */
final class RenderAhead implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(50);
    static final Duration QUIET = Duration.ofMillis(500);
    static final int PER_SCRAPE = 2;

    private final LongSupplier changes;
    private final MetricsBody body;
    private final LongSupplier nanos;
    private final Counter rendered;
    private final ScheduledExecutorService thread;
    private long seen;
    private long seenSince;
    /** The change count when the last render ahead started: a store at 0 never changed. */
    private long renderedAhead;
    private long scrapesSeen;
    private int spent;

    /** For tests, which call {@link #tick} themselves with a clock of their own. */
    RenderAhead(LongSupplier changes, MetricsBody body, LongSupplier nanos, Registry registry) {
        this(changes, body, nanos, registry, null);
    }

    private RenderAhead(LongSupplier changes, MetricsBody body, LongSupplier nanos, Registry registry,
                        ScheduledExecutorService thread) {
        this.changes = changes;
        this.body = body;
        this.nanos = nanos;
        this.rendered = registry.counter("ferry_metrics_rendered_ahead_total",
                "Renders of GET /metrics made ahead of a scrape, once the pushed groups stopped changing.");
        this.thread = thread;
        this.seen = changes.getAsLong();
        this.seenSince = nanos.getAsLong();
        this.scrapesSeen = body.scrapes();
    }

    /** Ticks on a daemon thread of its own until closed; counts its renders in {@code registry}. */
    static RenderAhead start(LongSupplier changes, MetricsBody body, Registry registry) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("ferry-metrics-ahead").daemon(true).factory());
        RenderAhead ahead = new RenderAhead(changes, body, System::nanoTime, registry, thread);
        thread.scheduleWithFixedDelay(ahead::tick, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
        return ahead;
    }

    /** Renders ahead when the store has been quiet long enough since it changed, budget permitting. */
    void tick() {
        long now = nanos.getAsLong();
        long count = changes.getAsLong();
        if (count != seen) {
            seen = count;
            seenSince = now;
            return;
        }
        if (count == renderedAhead || now - seenSince < QUIET.toNanos()) {
            return;
        }
        long scrapes = body.scrapes();
        if (scrapes != scrapesSeen) {
            scrapesSeen = scrapes;
            spent = 0;
        }
        if (spent >= PER_SCRAPE) {
            return;
        }
        spent++;
        renderedAhead = count;
        rendered.inc();
        try {
            body.renderAhead();
        } catch (IOException | RuntimeException e) {
            Log.logger().debug("rendering /metrics ahead failed; the next scrape renders it", "error", e);
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
