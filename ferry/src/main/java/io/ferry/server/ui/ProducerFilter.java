package io.ferry.server.ui;

import io.ferry.liveness.Health;
import io.ferry.liveness.ProducerView;
import io.ferry.liveness.Route;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which producers the overview shows and in what order: the filters of {@code /api/v1/producers}
 * ({@code route} and {@code health}, each repeatable; {@code job}, exact; {@code q}, a substring of
 * any label value, case-insensitive), worst first. Unknown values of {@code route} and
 * {@code health} are ignored here: a page shows what it can, where the API answers 400. Immutable.
 *
 * <pre>{@code
 * ProducerFilter f = ProducerFilter.of(query);
 * List<ProducerView> shown = f.apply(registry.producers());
 * }</pre>
 */
record ProducerFilter(Set<Route> routes, Set<Health> healths, String job, String q) {
    /** Down first, then overdue, unknown, up; within, by route, then labels. */
    static final Comparator<ProducerView> WORST_FIRST = Comparator.comparingInt((ProducerView p) -> rank(p.health()))
            .thenComparing(ProducerView::route).thenComparing(ProducerView::labels);

    ProducerFilter {
        routes = routes.isEmpty() ? Set.of() : EnumSet.copyOf(routes);
        healths = healths.isEmpty() ? Set.of() : EnumSet.copyOf(healths);
    }

    static ProducerFilter of(Query query) {
        Set<Route> routes = EnumSet.noneOf(Route.class);
        query.all("route").stream().map(Route::ofLabel).filter(r -> r != null).forEach(routes::add);
        Set<Health> healths = EnumSet.noneOf(Health.class);
        query.all("health").stream().map(Health::ofLabel).filter(h -> h != null).forEach(healths::add);
        return new ProducerFilter(routes, healths, query.first("job"), query.first("q"));
    }

    boolean matches(ProducerView p) {
        if (!routes.isEmpty() && !routes.contains(p.route())) {
            return false;
        }
        if (!healths.isEmpty() && !healths.contains(p.health())) {
            return false;
        }
        if (!job.isEmpty() && !job.equals(p.job())) {
            return false;
        }
        if (q.isEmpty()) {
            return true;
        }
        String needle = q.toLowerCase(Locale.ROOT);
        for (int i = 0; i < p.labels().size(); i++) {
            if (p.labels().value(i).toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** The matching producers, worst first. */
    List<ProducerView> apply(List<ProducerView> all) {
        return all.stream().filter(this::matches).sorted(WORST_FIRST).toList();
    }

    static int rank(Health h) {
        return switch (h) {
            case DOWN -> 0;
            case OVERDUE -> 1;
            case UNKNOWN -> 2;
            case UP -> 3;
        };
    }
}
