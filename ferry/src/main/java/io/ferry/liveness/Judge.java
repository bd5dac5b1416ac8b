package io.ferry.liveness;

import io.ferry.model.Labels;
import io.ferry.model.PromDuration;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The one judgement of a producer ({@link Health}, with its reason, interval and history strip),
 * for every route alike; see {@link Health} for the rules.
 *
 * <pre>{@code
 * ProducerView v = Judge.judge(Route.PUSH, labels, state.snapshot(), expectation, expected, now);
 * }</pre>
 */
final class Judge {
    private Judge() {
    }

    /** A producer with a snapshot of what was noted; {@code state} null for one never seen. */
    static ProducerView judge(Route route, Labels labels, ProducerState.Snapshot state,
                              Optional<Expectation> expectation, boolean expected, long now) {
        return judge(route, labels, state, expectation, expected, now, true);
    }

    /**
     * As {@link #judge(Route, Labels, ProducerState.Snapshot, Optional, boolean, long)}; without
     * {@code detail} the view has no reason and no history strip, which is all the metrics need and
     * most of the cost (a snapshot without its sends will do).
     */
    static ProducerView judge(Route route, Labels labels, ProducerState.Snapshot state,
                              Optional<Expectation> expectation, boolean expected, long now, boolean detail) {
        String noun = noun(route);
        boolean judged = expectation.isPresent();
        Duration grace = expectation.map(Expectation::grace).orElse(Duration.ZERO);
        OptionalDouble interval = expectation.isEmpty() ? OptionalDouble.empty()
                : expectation.get().every().isPresent() ? OptionalDouble.of(expectation.get().every().get().toNanos() / 1e9)
                : state == null ? OptionalDouble.empty() : state.learnedSeconds();
        if (state == null || state.lastNotedMillis() == ProducerState.NEVER) {
            return new ProducerView(route, labels, expected ? Health.DOWN : Health.UNKNOWN,
                    detail ? (expected ? "expected, no " : "no ") + noun + " yet" : "", 0, "", interval, grace,
                    expected, judged, List.of(), List.of());
        }
        long everyMillis = interval.isPresent() ? Math.round(interval.getAsDouble() * 1000) : 0;
        long graceMillis = grace.toMillis();
        List<Slot> history = detail ? HistoryStrip.of(state, everyMillis, graceMillis, now) : List.of();
        long lastOk = state.lastOkMillis() == ProducerState.NEVER ? 0 : state.lastOkMillis();
        long age = now - lastOk;
        Health health = state.lastFailed() ? Health.DOWN
                : everyMillis == 0 || age <= everyMillis ? Health.UP
                : age > everyMillis + graceMillis ? Health.DOWN
                : Health.OVERDUE;
        String reason = detail ? reason(noun, state, health, age, everyMillis, graceMillis, judged) : "";
        return new ProducerView(route, labels, health, reason, lastOk, state.lastFailed() ? state.lastError() : "",
                interval, grace, expected, judged, history, List.of());
    }

    /** Why a producer seen at least once has its {@code health}, in words for the pages and the API. */
    private static String reason(String noun, ProducerState.Snapshot state, Health health, long age, long everyMillis,
                                 long graceMillis, boolean judged) {
        if (state.lastFailed()) {
            return "last " + noun + " failed" + (state.lastError().isEmpty() ? "" : ": " + state.lastError());
        }
        if (everyMillis == 0) {
            return "last " + noun + " " + ago(age) + (judged ? "; interval not learned yet" : "");
        }
        String cadence = " (every " + seconds(everyMillis) + ", grace " + seconds(graceMillis) + ")";
        return (health == Health.UP ? "last " + noun + " " + ago(age) : "no " + noun + " for " + seconds(age)) + cadence;
    }

    /** What one event of the route is called in reasons. */
    static String noun(Route route) {
        return switch (route) {
            case SCRAPE -> "scrape";
            case PUSH -> "push";
            case TUNNEL -> "poll";
            case STATSD -> "event";
            case OTLP -> "export";
        };
    }

    private static String ago(long millis) {
        return seconds(millis) + " ago";
    }

    /** A duration in Prometheus' form, to the second ({@code 2h5m}, {@code 0s}). */
    private static String seconds(long millis) {
        return PromDuration.format(Duration.ofSeconds(Math.max(0, millis) / 1000));
    }
}
