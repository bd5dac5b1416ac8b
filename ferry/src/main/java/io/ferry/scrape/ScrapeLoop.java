package io.ferry.scrape;

import io.ferry.log.Log;
import io.ferry.log.LogThrottle;
import io.ferry.log.Logger;
import io.ferry.model.MetricFamily;
import io.ferry.model.SampleAppender;
import io.ferry.telemetry.Recent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Scrapes one target every interval on its own virtual thread, and stores each scrape's samples
 * with its report series ({@code up}, {@code scrape_duration_seconds}, ...) as one commit.
 *
 * <p><b>Timing.</b> Scrapes happen at {@code k * interval + offset} on the wall clock, with the
 * offset taken from the target's key, so a fleet is spread over the interval and a target keeps its
 * phase across restarts. A tick missed (a scrape slower than the interval) is skipped, not caught up.
 *
 * <p><b>Threads.</b> {@link #start} and {@link #stop} are called by the owning pool; {@link #health}
 * and {@link #history} from anywhere.
 */
public final class ScrapeLoop {
    /** How many past scrapes {@link #history} keeps. */
    public static final int HISTORY = 60;
    private static final Logger LOG = Log.logger();
    /** Shared by every loop: a queue that cannot be written fails every target's commit at once. */
    private static final LogThrottle COMMIT_FAILURES = new LogThrottle(Duration.ofSeconds(10));

    private final ScrapeTarget target;
    private final ScrapeSource source;
    private final ScrapeRecorder recorder;
    private final SampleAppender.Storage storage;
    private final long offsetSeed;
    private final IntConsumer duplicates;
    private final ScrapeObserver observer;
    private final BooleanSupplier mayScrape;
    private final Recent<PastScrape> history = new Recent<>(HISTORY);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile TargetHealth health = TargetHealth.UNKNOWN;
    private volatile String forcedError;
    private Thread thread;

    public ScrapeLoop(ScrapeTarget target, ScrapeSource source, ScrapeRecorder recorder, SampleAppender.Storage storage,
                      long offsetSeed) {
        this(target, source, recorder, storage, offsetSeed, n -> { }, ScrapeObserver.NONE, () -> true);
    }

    /**
     * @param duplicates told of the samples each scrape dropped because their series was already in it
     * @param observer   told of each scrape's outcome, after its samples are committed
     * @param mayScrape  asked before each scrape ({@link TargetFilter#mayScrapeNow}): false skips it
     */
    public ScrapeLoop(ScrapeTarget target, ScrapeSource source, ScrapeRecorder recorder, SampleAppender.Storage storage,
                      long offsetSeed, IntConsumer duplicates, ScrapeObserver observer, BooleanSupplier mayScrape) {
        this.mayScrape = mayScrape;
        this.duplicates = duplicates;
        this.observer = observer;
        this.target = target;
        this.source = source;
        this.recorder = recorder;
        this.storage = storage;
        this.offsetSeed = offsetSeed;
    }

    public ScrapeTarget target() {
        return target;
    }

    public TargetHealth health() {
        return health;
    }

    /**
     * The last {@link #HISTORY} scrapes, oldest first (a loop that replaced one of the same target
     * at a reload carries its history on); empty before the first scrape. A copy, safe to keep.
     */
    public List<PastScrape> history() {
        return history.values();
    }

    /** Continues {@code previous}'s history: the same target, scraped by this loop from now on. */
    void continueHistory(ScrapeLoop previous) {
        history.addAll(previous.history);
    }

    /** The recorder, with its series cache, for a loop that replaces this one after a reload. */
    ScrapeRecorder recorder() {
        return recorder;
    }

    /** Makes every scrape fail with {@code error} (null: scrape again), as a broken target limit does. */
    void forceError(String error) {
        forcedError = error;
    }

    public void start() {
        thread = Thread.ofVirtual().name("scrape " + target.job() + " " + target.labels().get("instance")).start(this::run);
    }

    /**
     * Stops after the scrape under way, if any; with {@code endSeries}, then marks every series the
     * target had stale, as Prometheus does when a target goes away.
     */
    public void stop(boolean endSeries) {
        requestStop();
        if (awaitStopped() && endSeries) {
            end();
        }
    }

    /** Asks the loop to stop after the scrape under way; returns at once. */
    void requestStop() {
        stopping.countDown();
    }

    /** Waits for the loop to stop (a scrape timeout and a commit at most); false when it did not. */
    boolean awaitStopped() {
        if (thread == null) {
            return true;
        }
        try {
            if (thread.join(target.timeout().plusSeconds(35))) {
                return true;
            }
            LOG.warn("a scrape loop did not stop in time", "job", target.job(), "target", target.url());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Marks every series of the stopped loop's target stale. */
    void end() {
        SampleAppender app = storage.appender(target.key());
        recorder.end(System.currentTimeMillis(), app);
        commit(app);
    }

    private void run() {
        long interval = target.interval().toMillis();
        long offset = TimeUnit.NANOSECONDS.toMillis(target.offsetNanos(offsetSeed));
        try {
            while (true) {
                long now = System.currentTimeMillis();
                long next = Math.floorDiv(now - offset, interval) * interval + interval + offset;
                if (stopping.await(next - now, TimeUnit.MILLISECONDS)) {
                    return;
                }
                if (mayScrape.getAsBoolean()) {
                    scrapeOnce();
                } else {
                    LOG.debug("skipped a scrape: this member's hold on the target is not confirmed", "job",
                            target.job(), "target", target.url());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scrapeOnce() {
        long startMs = System.currentTimeMillis();
        long start = System.nanoTime();
        String error = forcedError;
        List<MetricFamily> families = null;
        if (error == null) {
            try {
                families = source.scrape(start + target.timeout().toNanos());
            } catch (ScrapeSource.ScrapeException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                error = "scrape failed: " + e;
                LOG.error("a scrape failed unexpectedly", "job", target.job(), "target", target.url(), "err", e);
            }
        }
        long tookNanos = System.nanoTime() - start;
        SampleAppender app = storage.appender(target.key());
        ScrapeRecorder.Counts counts = null;
        if (error == null) {
            try {
                counts = recorder.record(families, source.lastFormat(), startMs, app);
                if (counts.duplicates() > 0) {
                    duplicates.accept(counts.duplicates());
                    // As Prometheus does, every scrape: the target's exposition (or relabeling) is at fault.
                    LOG.warn("a scrape repeated series; the first sample of each was kept", "job", target.job(),
                            "target", target.url(), "dropped", counts.duplicates());
                }
            } catch (ScrapeRecorder.Failure f) {
                app.rollback();
                app = storage.appender(target.key());
                error = f.getMessage();
                counts = f.counts();
            }
        }
        if (error != null) {
            recorder.recordFailure(startMs, app);
            LOG.debug("scrape failed", "job", target.job(), "target", target.url(), "err", error);
        }
        recorder.report(error == null, tookNanos / 1e9, counts, startMs, app);
        health = new TargetHealth(error == null ? "up" : "down", error == null ? "" : error, Instant.ofEpochMilli(startMs),
                Duration.ofNanos(tookNanos));
        history.add(new PastScrape(Instant.ofEpochMilli(startMs), Duration.ofNanos(tookNanos), error == null));
        if (commit(app) && error == null) {
            recorder.stored();
        }
        observer.scraped(target, startMs, error == null, error == null ? "" : error);
    }

    private boolean commit(SampleAppender app) {
        try {
            app.commit();
            return true;
        } catch (IOException | RuntimeException e) {
            long notLogged = COMMIT_FAILURES.admit();
            if (notLogged >= 0) {
                LOG.error("cannot store a scrape's samples", "job", target.job(), "target", target.url(), "err", e,
                        "failures_not_logged_since_last_line", notLogged);
            }
            return false;
        }
    }
}
