package io.ferry.liveness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which producers to show, and in what order: the filters of {@code /api/v1/producers} and the
 * fleet pages, parsed from query parameters in one place.
 *
 * <pre>{@code
 * ProducerQuery q = ProducerQuery.parse(name -> ctx.queryParam(name));   // route=push&health=down&q=nas
 * ProducerQuery.Answer a = q.apply(registry.producers());
 * a.producers();   // down first, then overdue, unknown, up; at most q.limit()
 * }</pre>
 *
 * @param routes the routes shown ({@code route}, repeatable); empty = all
 * @param job    the exact {@code job} label ({@code job}); null = any
 * @param health the healths shown ({@code health}, repeatable); empty = all
 * @param text   a substring of any label value ({@code q}); empty = any
 * @param limit  the most producers answered ({@code limit}), 1 to {@link #MAX_LIMIT}
 */
public record ProducerQuery(Set<Route> routes, String job, Set<Health> health, String text, int limit) {
    /** The limit when none is given. */
    public static final int DEFAULT_LIMIT = 1000;
    /** The largest limit accepted. */
    public static final int MAX_LIMIT = 10_000;
    /** Every producer, up to the default limit. */
    public static final ProducerQuery ALL = new ProducerQuery(Set.of(), null, Set.of(), "", DEFAULT_LIMIT);

    /** The order shown: down first, then overdue, unknown, up; within, by route then labels. */
    public static final Comparator<ProducerView> ORDER = Comparator
            .comparingInt((ProducerView v) -> rank(v.health()))
            .thenComparing(ProducerView::route)
            .thenComparing(ProducerView::labels);

    public ProducerQuery {
        routes = routes.isEmpty() ? Set.of() : Set.copyOf(routes);
        health = health.isEmpty() ? Set.of() : Set.copyOf(health);
        text = text == null ? "" : text;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** A parameter the query cannot use; the message names it and says what it takes. */
    public static final class BadParameter extends IllegalArgumentException {
        public BadParameter(String message) {
            super(message);
        }
    }

    /**
     * Reads the parameters {@code route}, {@code job}, {@code health}, {@code q} and {@code limit}.
     *
     * @param values every value of a parameter, by name (empty when absent)
     * @throws BadParameter naming the parameter when a value is not one it takes
     */
    public static ProducerQuery parse(Function<String, List<String>> values) {
        Set<Route> routes = choices(values.apply("route"), Route::ofLabel, EnumSet.noneOf(Route.class),
                "route", "scrape, push, tunnel, statsd, otlp");
        Set<Health> health = choices(values.apply("health"), Health::ofLabel, EnumSet.noneOf(Health.class),
                "health", "up, overdue, down, unknown");
        List<String> jobs = values.apply("job");
        List<String> text = values.apply("q");
        List<String> limits = values.apply("limit");
        int limit = DEFAULT_LIMIT;
        if (!limits.isEmpty()) {
            try {
                limit = Integer.parseInt(limits.getFirst().trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new BadParameter("invalid parameter \"limit\": " + quote(limits.getFirst())
                        + " is not a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new ProducerQuery(routes, jobs.isEmpty() || jobs.getFirst().isEmpty() ? null : jobs.getFirst(), health,
                text.isEmpty() ? "" : text.getFirst(), limit);
    }

    /** Each of {@code given} as {@code of} names it (lower case), into {@code into}. */
    private static <E> Set<E> choices(List<String> given, Function<String, E> of, Set<E> into, String parameter,
                                      String oneOf) {
        for (String v : given) {
            E e = of.apply(v.toLowerCase(Locale.ROOT));
            if (e == null) {
                throw new BadParameter("invalid parameter \"" + parameter + "\": " + quote(v) + " is not one of " + oneOf);
            }
            into.add(e);
        }
        return into;
    }

    private static String quote(String v) {
        return "\"" + (v.length() > 64 ? v.substring(0, 64) + "..." : v) + "\"";
    }

    /** Whether {@code v} passes every filter. */
    public boolean test(ProducerView v) {
        if (!routes.isEmpty() && !routes.contains(v.route())
                || !health.isEmpty() && !health.contains(v.health())
                || job != null && !job.equals(v.job())) {
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        for (int i = 0; i < v.labels().size(); i++) {
            if (v.labels().value(i).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the query answers from {@code all}.
     *
     * @param counts    every producer of {@code all} counted by route and health, before the filters
     *                  (every health present for each route in {@code all}'s order)
     * @param producers those that pass, in {@link #ORDER}, at most {@link #limit()}
     * @param truncated whether more passed than the limit
     */
    public record Answer(Map<Route, Map<Health, Integer>> counts, List<ProducerView> producers, boolean truncated) {
    }

    /** Filters, orders and cuts {@code all}; {@code routesOn} are counted even without producers. */
    public Answer apply(List<ProducerView> all, Set<Route> routesOn) {
        Map<Route, Map<Health, Integer>> counts = new EnumMap<>(Route.class);
        for (Route r : routesOn) {
            counts.put(r, zero());
        }
        List<ProducerView> passing = new ArrayList<>();
        for (ProducerView v : all) {
            counts.computeIfAbsent(v.route(), r -> zero()).merge(v.health(), 1, Integer::sum);
            if (test(v)) {
                passing.add(v);
            }
        }
        passing.sort(ORDER);
        boolean truncated = passing.size() > limit;
        return new Answer(counts, truncated ? List.copyOf(passing.subList(0, limit)) : passing, truncated);
    }

    private static Map<Health, Integer> zero() {
        Map<Health, Integer> m = new EnumMap<>(Health.class);
        for (Health h : Health.values()) {
            m.put(h, 0);
        }
        return m;
    }

    private static int rank(Health h) {
        return switch (h) {
            case DOWN -> 0;
            case OVERDUE -> 1;
            case UNKNOWN -> 2;
            case UP -> 3;
        };
    }
}
