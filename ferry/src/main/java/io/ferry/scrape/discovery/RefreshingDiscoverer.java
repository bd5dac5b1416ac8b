package io.ferry.scrape.discovery;

import io.ferry.log.Logger;
import io.ferry.scrape.discovery.internal.SerialTask;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lifecycle every discoverer that reads its source again and again shares: {@link #start}
 * refreshes at once and then every {@code refresh_interval}; refreshes run on the shared executor,
 * one at a time, with requests that come during one coalesced into one more ({@link SerialTask});
 * what a refresh finds is {@link #publish published}, which sends only the changes; {@link #close}
 * cancels the periodic refresh and sends nothing more. A subclass keeps only what it discovers:
 *
 * <pre>{@code
 * final class DnsDiscoverer extends RefreshingDiscoverer {
 *     DnsDiscoverer(DnsSd config, ScheduledExecutorService executor, Logger log, ...) {
 *         super("dns_sd", config.refreshInterval(), executor, log);
 *     }
 *
 *     @Override
 *     void refresh() {
 *         publish(lookUpEveryName());   // a failed name keeps its last group in the list
 *     }
 * }
 * }</pre>
 *
 * <p>A refresh that throws a runtime exception is logged as {@code <mechanism> refresh failed} and
 * changes nothing; the next one runs as planned. Keeping the last targets on an error the subclass
 * catches itself is just as simple: it publishes nothing.
 *
 * <p>Threads: {@link #refresh} runs on the executor, never concurrently with itself; {@link #publish}
 * may be called from any thread (an asynchronous answer) and hands groups on under
 * {@link GroupPublisher}'s lock. {@link #close} returns at once, waiting only for an update call in
 * progress. Thread-safe.
 */
abstract class RefreshingDiscoverer implements Discoverer {
    private final String mechanism;
    private final Duration refreshInterval;
    private final GroupPublisher publisher = new GroupPublisher();
    private final SerialTask refresh;
    private volatile ScheduledFuture<?> periodic;
    /** The shared discovery executor; subclasses may schedule their own short tasks on it. */
    final ScheduledExecutorService executor;
    final Logger log;

    /** @param mechanism the config key's name for log lines: {@code file_sd}, {@code http_sd}, {@code dns_sd} */
    RefreshingDiscoverer(String mechanism, Duration refreshInterval, ScheduledExecutorService executor,
                         Logger log) {
        this.mechanism = mechanism;
        this.refreshInterval = refreshInterval;
        this.executor = executor;
        this.log = log;
        this.refresh = new SerialTask(executor, this::refreshLogged);
    }

    @Override
    public final void start(Consumer<List<TargetGroup>> updates) {
        publisher.start(updates);
        starting();
        periodic = executor.scheduleWithFixedDelay(refresh::trigger, 0, refreshInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public final void close() {
        publisher.close();
        ScheduledFuture<?> p = periodic;
        if (p != null) {
            p.cancel(false);
        }
        closing();
    }

    /**
     * Reads the source once and {@link #publish publishes} the whole of what it found, or nothing
     * when it failed. Runs on the executor, one at a time, and not once {@link #close} has begun; a
     * long refresh may check {@link #closed()} to stop early (a closed discoverer sends nothing anyway).
     */
    abstract void refresh();

    /** Called by {@link #start} before the first refresh is scheduled; for watchers and warnings. */
    void starting() {
    }

    /** Called by {@link #close} after the periodic refresh is cancelled; releases what the subclass holds. */
    void closing() {
    }

    /** Asks for a refresh soon, besides the periodic ones (a file event, a reload); returns at once. */
    @Override
    public final void refreshSoon() {
        refresh.trigger();
    }

    /** Replaces everything this discoverer found by {@code all}; see {@link GroupPublisher#publishAll}. */
    final void publish(Collection<TargetGroup> all) {
        publisher.publishAll(all);
    }

    /** Whether {@link #close} has begun. */
    final boolean closed() {
        return publisher.closed();
    }

    private void refreshLogged() {
        if (closed()) {
            return;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            log.error(mechanism + " refresh failed", "err", e.toString());
        }
    }
}
