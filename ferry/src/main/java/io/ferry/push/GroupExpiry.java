package io.ferry.push;

import io.ferry.model.GoDuration;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.state.Group;
import io.ferry.state.Mutation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Deletes push groups that were not pushed successfully within the time to live of the first
 * {@code push.expire} rule matching their grouping labels ({@link ExpiryRule#firstMatching}).
 *
 * <pre>{@code
 * GroupExpiry expiry = new GroupExpiry(push, store::groups, () -> rules, Clock.systemUTC(),
 *         (group, rule) -> expired.labels(rule.name()).inc());
 * expiry.start();    // sweeps on its own thread until close()
 * }</pre>
 *
 * <p><b>Age.</b> A group's age runs from its last successful push; failed pushes do not make it
 * younger. A group that only ever failed ({@code push_time_seconds} 0) ages from its last failure,
 * so it stays long enough to be seen and alerted on, and then goes like any other.
 *
 * <p><b>Durability and races.</b> Each expiry is a conditional delete through
 * {@link PushService#expire}, in the write-ahead log like a client's delete; whether the group is
 * still stale (not pushed since) is decided again where the store applies it, so a push that arrives
 * between the sweep's look and the delete keeps its group.
 *
 * <p><b>Timing.</b> One sweep passes over every group; sweeps run on one daemon thread every tenth
 * of the shortest rule's time to live, at least every minute and at most every second (every second
 * when there is no rule, to pick up rules added by {@code /-/reload} without a pass). The rules are
 * read afresh at each sweep. A sweep runs for at most that period: one over a store too large for it
 * stops, logs and tells {@code onCut}, and the next sweep continues from the group where it stopped
 * (in the store's iteration order). Thread-safe; {@link #sweep()} may also be called directly (tests).
 */
public final class GroupExpiry implements AutoCloseable {
    private static final Logger LOG = Log.logger();
    static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    static final Duration MAX_PERIOD = Duration.ofMinutes(1);
    private static final long DELETE_TIMEOUT_SECONDS = 30;

    private final PushService push;
    private final Supplier<? extends Collection<Group>> groups;
    private final Supplier<List<ExpiryRule>> rules;
    private final Clock clock;
    private final BiConsumer<Group, ExpiryRule> onExpired;
    private final Runnable onCut;
    private final LongSupplier nanoTime;
    /** Where in {@code groups} the next sweep starts: past the last group a sweep cut short looked at. */
    private int resumeAt;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-push-expiry");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param onExpired told of each group deleted, with the rule that expired it, after the delete
     *                  is durable (on the sweeping thread; for a delete still under way when a sweep
     *                  reaches its time limit, on the thread that completes it)
     */
    public GroupExpiry(PushService push, Supplier<? extends Collection<Group>> groups,
                       Supplier<List<ExpiryRule>> rules, Clock clock, BiConsumer<Group, ExpiryRule> onExpired) {
        this(push, groups, rules, clock, onExpired, () -> { }, System::nanoTime);
    }

    /**
     * @param onCut    told of each sweep that stopped at its time limit
     * @param nanoTime the clock of the time limit ({@link System#nanoTime}; tests move it by hand)
     */
    public GroupExpiry(PushService push, Supplier<? extends Collection<Group>> groups,
                       Supplier<List<ExpiryRule>> rules, Clock clock, BiConsumer<Group, ExpiryRule> onExpired,
                       Runnable onCut, LongSupplier nanoTime) {
        this.push = push;
        this.groups = groups;
        this.rules = rules;
        this.clock = clock;
        this.onExpired = onExpired;
        this.onCut = onCut;
        this.nanoTime = nanoTime;
    }

    /** Starts sweeping on its own thread. */
    public void start() {
        timer.schedule(this::sweepAndReschedule, period(rules.get()).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One pass: deletes every group past its rule's time to live and returns how many went, once
     * their deletes are durable. A pass that reaches its time limit ({@link #period}) stops there,
     * and the next one starts where it stopped; deletes still under way then are counted and logged
     * as they complete. Blocks on the store; never call it on an event loop.
     */
    public synchronized int sweep() {
        List<ExpiryRule> c = rules.get();
        if (c.isEmpty()) {
            return 0;
        }
        Duration limit = period(c);
        long deadline = nanoTime.getAsLong() + limit.toNanos();
        double now = clock.millis() / 1000.0;
        Collection<Group> all = groups.get();
        int size = all.size();
        int start = resumeAt < size ? resumeAt : 0;
        List<Expiring> expiring = new ArrayList<>();
        int examined = 0;
        for (Group g : (Iterable<Group>) Stream.concat(all.stream().skip(start), all.stream().limit(start))::iterator) {
            if (nanoTime.getAsLong() - deadline >= 0) {
                break;
            }
            examined++;
            ExpiryRule rule = ExpiryRule.firstMatching(c, g.key());
            if (rule != null && isExpired(g, rule, now)) {
                expiring.add(new Expiring(g, rule, push.expire(g)));
            }
        }
        boolean cut = examined < size;
        resumeAt = cut ? (start + examined) % size : 0;
        int n = 0;
        int unconfirmed = 0;
        for (Expiring e : expiring) {
            try {
                long wait = Math.min(TimeUnit.SECONDS.toNanos(DELETE_TIMEOUT_SECONDS), deadline - nanoTime.getAsLong());
                if (e.deleted().get(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                    n++;
                    expired(e);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return n;
            } catch (TimeoutException ex) {
                if (nanoTime.getAsLong() - deadline < 0) {
                    LOG.warn("expiring a push group failed", "group", e.group().key(), "err", ex);
                } else {
                    cut = true;
                    unconfirmed++;
                    e.deleted().thenAccept(deleted -> {
                        if (deleted) {
                            expired(e);
                        }
                    });
                }
            } catch (ExecutionException | RuntimeException ex) {
                LOG.warn("expiring a push group failed", "group", e.group().key(), "err", ex);
            }
        }
        if (cut) {
            onCut.run();
            LOG.warn("push expiry sweep stopped at its time limit; the next sweep continues", "time_limit",
                    GoDuration.format(limit), "groups_looked_at", examined, "groups", size,
                    "deletes_still_under_way", unconfirmed);
        }
        return n;
    }

    private void expired(Expiring e) {
        LOG.info("push group expired", "group", e.group().key(), "rule", e.rule().name(),
                "after", GoDuration.format(e.rule().after()), "last_push", lastPush(e.group()));
        onExpired.accept(e.group(), e.rule());
    }

    private record Expiring(Group group, ExpiryRule rule, CompletableFuture<Boolean> deleted) {
    }

    /** Whether {@code g} has outlived {@code rule} at {@code now} (seconds). */
    static boolean isExpired(Group g, ExpiryRule rule, double now) {
        return now - lastPush(g) > rule.after().toNanos() / 1e9;
    }

    /** When the group last pushed successfully, or, if it never did, last failed. */
    static double lastPush(Group g) {
        return Mutation.Expire.lastPush(g);
    }

    /** A tenth of the shortest time to live, within {@link #MIN_PERIOD} and {@link #MAX_PERIOD}. */
    static Duration period(List<ExpiryRule> rules) {
        Duration shortest = rules.stream().map(ExpiryRule::after).min(Duration::compareTo).orElse(MIN_PERIOD);
        Duration tenth = shortest.dividedBy(10);
        return tenth.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : tenth.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : tenth;
    }

    private void sweepAndReschedule() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("push expiry sweep failed", "err", e);
        }
        if (!timer.isShutdown()) {
            try {
                timer.schedule(this::sweepAndReschedule, period(rules.get()).toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // close() won the race; nothing more to do.
            }
        }
    }

    /** Stops sweeping; waits for a sweep in progress to finish (bounded). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(DELETE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("push expiry did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
