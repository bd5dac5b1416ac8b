package io.ferry.server.ui;

import io.ferry.liveness.Advice;
import io.ferry.liveness.ProducerQuery;
import io.ferry.liveness.ProducerView;

import java.util.List;

/**
 * The producers table the overview and the tunnel, StatsD and OTLP pages share: a row per producer
 * ({@code data-route}, {@code data-health}) with its health (class {@code health-<health>}), why,
 * when it was last seen, its interval and grace, its history strip and the advice it earns.
 * At most {@link #MAX_ROWS} rows, then how many more. Stateless.
 */
final class ProducerTable {
    /** Rows shown at most, as the producers API answers by default: beyond, the page says how many more. */
    static final int MAX_ROWS = ProducerQuery.DEFAULT_LIMIT;

    private ProducerTable() {
    }

    /**
     * @param withRoute whether to show the route column (the overview mixes routes)
     * @param empty     what to say when there is no producer
     */
    static void render(Html h, List<ProducerView> producers, Query q, boolean withRoute, String empty) {
        if (producers.isEmpty()) {
            h.element("p", empty, "class", "empty").nl();
            return;
        }
        h.open("table", "class", "producers").nl().open("tr");
        if (withRoute) {
            h.element("th", "Route");
        }
        for (String c : new String[]{"Producer", "Health", "Last seen", "Interval", "History", "Why"}) {
            h.element("th", c);
        }
        h.close("tr").nl();
        int shown = Math.min(producers.size(), MAX_ROWS);
        for (ProducerView p : producers.subList(0, shown)) {
            row(h, p, q, withRoute);
        }
        h.close("table").nl();
        if (producers.size() > shown) {
            h.element("p", (producers.size() - shown) + " more: narrow the filters to see them.", "class", "more").nl();
        }
    }

    private static void row(Html h, ProducerView p, Query q, boolean withRoute) {
        String health = p.health().label();
        h.open("tr", "class", "producer", "data-route", p.route().label(), "data-health", health);
        if (withRoute) {
            h.element("td", p.route().label());
        }
        h.open("td").element("span", Text.labels(p.labels()), "class", "labels");
        if (p.expected()) {
            h.text(" ").element("span", "expected", "class", "tag");
        }
        h.close("td");
        h.open("td").element("span", health, "class", "badge health-" + health).close("td");
        h.element("td", Text.ago(p.lastSeenMillis(), q.nowMillis()));
        h.element("td", interval(p));
        h.open("td");
        Svg.strip(h, p.history());
        h.close("td");
        h.open("td").text(p.reason());  // a failure's reason carries its error
        for (Advice a : p.advice()) {
            h.open("div").element("span", "advice: " + a.kind().replace('_', ' '), "class", "advice-tag",
                    "data-advice", a.kind(), "title", a.message()).close("div");
        }
        h.close("td").close("tr").nl();
    }

    /** {@code 1m0s + 30s grace}, {@code learning}, or {@code not judged}. */
    static String interval(ProducerView p) {
        if (!p.judged()) {
            return "not judged";
        }
        if (p.intervalSeconds().isEmpty()) {
            return "learning";
        }
        String every = Text.duration(p.intervalSeconds().getAsDouble());
        return p.grace().isZero() ? every : every + " + " + Text.duration(p.grace().toMillis() / 1000.0) + " grace";
    }
}
