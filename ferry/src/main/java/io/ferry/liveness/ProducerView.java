package io.ferry.liveness;

import io.ferry.model.Labels;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One producer as judged at one {@link ProducerRegistry#producers()} call: immutable, safe to
 * hand to any thread.
 *
 * <pre>{@code
 * for (ProducerView p : registry.producers()) {
 *     if (p.health() == Health.DOWN) System.out.println(p.route().label() + " " + p.labels() + ": " + p.reason());
 * }
 * }</pre>
 *
 * @param route           how it reports
 * @param labels          its labels: a push group's grouping key (with {@code instance=""} when it has
 *                        none), a scrape target's labels after relabeling, a StatsD or OTLP producer's
 *                        {@code job, instance}, a tunnel client's {@code job="tunnel", instance=<fqdn>}
 * @param health          as judged now ({@link Health})
 * @param reason          one line for people saying why ({@code "no push for 2h5m (every 1h, grace 5m)"})
 * @param lastSeenMillis  the Unix time in ms of its last event or successful outcome; 0 = never
 * @param lastError       the error of its last outcome when that failed; {@code ""} otherwise
 * @param intervalSeconds its interval, configured or learned; empty while unknown or not judged
 * @param grace           its grace; zero when not judged
 * @param expected        whether configuration says it must exist
 * @param judged          whether an expectation applies (lateness is judged); false: up once seen
 *                        while its last outcome was ok
 * @param history         the history strip, oldest first, at most {@link ProducerRegistry#HISTORY} slots
 * @param advice          the anti-patterns it shows, possibly none
 */
public record ProducerView(Route route, Labels labels, Health health, String reason,
                           long lastSeenMillis, String lastError,
                           OptionalDouble intervalSeconds, Duration grace, boolean expected, boolean judged,
                           List<Slot> history, List<Advice> advice) {

    public ProducerView {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(intervalSeconds, "intervalSeconds");
        Objects.requireNonNull(grace, "grace");
        history = List.copyOf(history);
        advice = List.copyOf(advice);
    }

    /** The {@code job} label, or {@code ""}. */
    public String job() {
        String job = labels.get("job");
        return job == null ? "" : job;
    }

    /** The {@code instance} label, or {@code ""}. */
    public String instance() {
        String instance = labels.get("instance");
        return instance == null ? "" : instance;
    }
}
