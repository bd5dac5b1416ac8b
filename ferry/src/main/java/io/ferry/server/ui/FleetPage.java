package io.ferry.server.ui;

import io.ferry.liveness.Advice;
import io.ferry.liveness.Health;
import io.ferry.liveness.ProducerQuery;
import io.ferry.liveness.ProducerView;
import io.ferry.liveness.Route;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <prefix>/}, the fleet overview: what is down, whichever way it reports. A card per route
 * with its producers counted by health, the advice the fleet earns, then every producer the filters
 * keep, down and overdue first. The filter form ({@code q}, {@code route}, {@code health}) is a GET
 * form the server applies; {@code ferry.js} keeps it live. Stateless.
 */
final class FleetPage {
    /** The health columns of a card, in the order people scan them. */
    private static final Health[] COLUMNS = {Health.DOWN, Health.OVERDUE, Health.UNKNOWN, Health.UP};

    private FleetPage() {
    }

    static void form(Html h, Query q) {
        h.open("form", "class", "filters", "method", "get", "data-live", "").nl()
                .open("label").text("Search ").open("input", "type", "search", "name", "q", "value", q.first("q"),
                        "placeholder", "any label value").close("label").nl();
        List<String> routes = q.all("route");
        h.open("fieldset").element("legend", "Route");
        for (Route r : Route.values()) {
            checkbox(h, "route", r.label(), routes.contains(r.label()));
        }
        h.close("fieldset").nl();
        List<String> healths = q.all("health");
        h.open("fieldset").element("legend", "Health");
        for (Health health : COLUMNS) {
            checkbox(h, "health", health.label(), healths.contains(health.label()));
        }
        h.close("fieldset").nl().element("button", "Filter", "type", "submit").close("form").nl();
    }

    private static void checkbox(Html h, String name, String value, boolean checked) {
        h.open("label").open("input", "type", "checkbox", "name", name, "value", value, "checked", checked ? "" : null)
                .text(" " + value).close("label");
    }

    static void main(Html h, List<ProducerView> all, Query q) {
        ProducerQuery filter;
        try {
            filter = ProducerQuery.parse(q::all);
        } catch (ProducerQuery.BadParameter e) {
            // A page shows what it can: everything, and what was wrong with the filter.
            h.element("p", e.getMessage(), "class", "error").nl();
            filter = ProducerQuery.ALL;
        }
        ProducerQuery.Answer answer = filter.apply(all, EnumSet.allOf(Route.class));
        cards(h, answer.counts());
        advice(h, all);
        h.element("h2", "Producers (" + answer.producers().size() + (answer.truncated() ? "+" : "") + " of "
                + all.size() + ")").nl();
        ProducerTable.render(h, answer.producers(), q, true, all.isEmpty()
                ? "No producer yet: push a group, configure a scrape, a tunnel client, StatsD or OTLP."
                : "No producer matches the filters.");
        if (answer.truncated()) {
            h.element("p", "More match: narrow the filters, or raise limit (at most " + ProducerQuery.MAX_LIMIT + ").",
                    "class", "more").nl();
        }
    }

    private static void cards(Html h, Map<Route, Map<Health, Integer>> counts) {
        h.open("div", "class", "cards").nl();
        for (Route r : Route.values()) {
            Map<Health, Integer> c = counts.get(r);
            String worst = c.get(Health.DOWN) > 0 ? "health-down" : c.get(Health.OVERDUE) > 0 ? "health-overdue" : null;
            h.open("div", "class", worst == null ? "card" : "card " + worst, "data-route", r.label())
                    .element("h2", r.label()).open("div", "class", "counts");
            for (Health health : COLUMNS) {
                h.open("span", "class", c.get(health) == 0 ? "zero" : "health-" + health.label(), "data-health", health.label())
                        .text(c.get(health)).text(" " + health.label()).close("span");
            }
            h.close("div").close("div").nl();
        }
        h.close("div").nl();
    }

    /** Each piece of advice once, with the producers it concerns (a family of rotating job names is one line). */
    private static void advice(Html h, List<ProducerView> all) {
        Map<Advice, List<ProducerView>> byAdvice = new LinkedHashMap<>();
        all.stream().sorted(ProducerQuery.ORDER)
                .forEach(p -> p.advice().forEach(a -> byAdvice.computeIfAbsent(a, k -> new ArrayList<>()).add(p)));
        if (byAdvice.isEmpty()) {
            return;
        }
        h.element("h2", "Advice").nl().open("ul", "class", "advice-list").nl();
        byAdvice.forEach((a, producers) -> {
            h.open("li", "class", "advice", "data-advice", a.kind(), "data-route", producers.getFirst().route().label())
                    .text(a.message()).open("div", "class", "labels");
            for (ProducerView p : producers) {
                h.element("div", Text.labels(p.labels()));
            }
            h.close("div").close("li").nl();
        });
        h.close("ul").nl();
    }
}
