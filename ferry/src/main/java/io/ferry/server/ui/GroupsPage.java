package io.ferry.server.ui;

import io.ferry.exposition.GoFloat;
import io.ferry.liveness.Health;
import io.ferry.liveness.ProducerQuery;
import io.ferry.liveness.ProducerView;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.push.GroupingKey;
import io.ferry.push.PushedFamilies;
import io.ferry.state.Group;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <prefix>/groups}: the push groups as the Pushgateway's page shows them, and more. Each
 * group is a {@code <details data-group="<grouping labels>">} whose summary gives its health (from
 * the producer registry), history strip, last push and series count; opened, its push and failure
 * times, why it is judged so, its push path, a Delete button (only for a principal who may delete
 * the job: {@code data-delete} holds the path {@code ferry.js} sends {@code DELETE} to), and its
 * families with HELP, TYPE and values, at most {@link #MAX_SERIES_SHOWN} series each. Stateless.
 */
final class GroupsPage {
    /** Series listed per family at most; beyond, how many more. */
    static final int MAX_SERIES_SHOWN = 200;
    /** Groups rendered at most, in key order: the page refreshes every few seconds, and the store may hold a million. */
    static final int MAX_GROUPS_SHOWN = 1000;

    private GroupsPage() {
    }

    /**
     * @param push  the push route's producers, for each group's health and history strip
     * @param links the path prefix links carry
     */
    static void main(Html h, Collection<Group> groups, List<ProducerView> push, ZoneId zone, String links, Query q) {
        Group[] sorted = groups.toArray(new Group[0]);
        Arrays.sort(sorted, (a, b) -> a.key().compareTo(b.key()));
        Map<Labels, ProducerView> byLabels = new HashMap<>();
        push.forEach(p -> byLabels.put(p.labels(), p));
        h.element("p", sorted.length + (sorted.length == 1 ? " push group." : " push groups.")).nl();
        for (int i = 0; i < sorted.length; i++) {
            ProducerView p = producerOf(sorted[i].key(), byLabels);
            if (p != null) {
                byLabels.remove(p.labels());  // stored: not among the expected never pushed, shown or not
            }
            if (i < MAX_GROUPS_SHOWN) {
                group(h, sorted[i], p, zone, links, q);
            }
        }
        if (sorted.length > MAX_GROUPS_SHOWN) {
            h.element("p", (sorted.length - MAX_GROUPS_SHOWN) + " more push groups, not shown here: "
                    + "/api/v1/metrics lists them all.", "class", "more").nl();
        }
        List<ProducerView> neverPushed = byLabels.values().stream().filter(ProducerView::expected)
                .sorted(ProducerQuery.ORDER).toList();
        if (!neverPushed.isEmpty()) {
            h.element("h2", "Expected, not pushed (" + neverPushed.size() + ")").nl();
            for (ProducerView p : neverPushed) {
                expected(h, p);
            }
        }
    }

    /** A group {@code push.expect} names that is not stored: its key and why it is judged so. */
    private static void expected(Html h, ProducerView p) {
        String labels = Text.labels(p.labels());
        String health = p.health().label();
        h.open("details", "class", "group", "data-group", labels, "data-route", "push", "data-health", health).nl()
                .open("summary").element("span", labels, "class", "labels")
                .element("span", health, "class", "badge health-" + health);
        Svg.strip(h, p.history());
        h.element("span", p.reason()).close("summary").nl().open("div", "class", "body").nl()
                .open("table", "class", "facts").nl();
        fact(h, "Liveness", p.reason());
        fact(h, "Interval", ProducerTable.interval(p));
        h.close("table").nl().close("div").nl().close("details").nl();
    }

    /** A push producer's labels are its grouping key, with {@code instance=""} when the key has none. */
    private static ProducerView producerOf(Labels key, Map<Labels, ProducerView> byLabels) {
        ProducerView p = byLabels.get(key);
        return p != null || key.get("instance") != null ? p : byLabels.get(key.with("instance", ""));
    }

    private static void group(Html h, Group g, ProducerView p, ZoneId zone, String links, Query q) {
        String labels = Text.labels(g.key());
        String health = (p == null ? Health.UNKNOWN : p.health()).label();
        h.open("details", "class", "group", "data-group", labels, "data-route", "push", "data-health", health).nl();
        h.open("summary").element("span", labels, "class", "labels")
                .element("span", health, "class", "badge health-" + health);
        Svg.strip(h, p == null ? List.of() : p.history());
        h.element("span", "last push " + Text.time(g.pushTimeSeconds(), zone));
        if (!g.lastPushSucceeded()) {
            h.element("span", "last push failed", "class", "failed error");
        }
        h.element("span", seriesCount(g) + " series").close("summary").nl();

        h.open("div", "class", "body").nl().open("table", "class", "facts").nl();
        fact(h, "Last push", Text.time(g.pushTimeSeconds(), zone));
        fact(h, "Last failure", Text.time(g.pushFailureTimeSeconds(), zone));
        fact(h, "Liveness", p == null ? "not known yet" : p.reason());
        if (p != null && !p.lastError().isEmpty()) {
            fact(h, "Last error", p.lastError());
        }
        fact(h, "Interval", p == null ? "" : ProducerTable.interval(p));
        fact(h, "Series", Integer.toString(seriesCount(g)));
        String path = links + "/metrics" + GroupingKey.of(g.key()).toPath();
        fact(h, "Push path", path);
        h.close("table").nl();
        if (p != null) {
            p.advice().forEach(a -> h.element("p", a.message(), "class", "advice", "data-advice", a.kind()).nl());
        }
        String job = g.key().get("job");
        if (q.mayDelete().test(job == null ? "" : job)) {
            h.element("button", "Delete group", "type", "button", "class", "delete", "data-delete", path,
                    "data-label", labels).nl();
        }
        for (MetricFamily f : g.families()) {
            family(h, f);
        }
        h.close("div").nl().close("details").nl();
    }

    private static void fact(Html h, String name, String value) {
        h.open("tr").element("th", name).element("td", value).close("tr").nl();
    }

    private static void family(Html h, MetricFamily f) {
        h.open("div", "class", "family", "data-family", f.name()).nl()
                .open("h3").element("span", f.name(), "class", "mono").text(" ")
                .element("span", f.type().textName(), "class", "type").close("h3").nl();
        if (f.help() != null && !f.help().isEmpty()) {
            h.element("p", f.help(), "class", "help").nl();
        }
        h.open("table", "class", "series").nl().open("tr").element("th", "Labels").element("th", "Value").close("tr").nl();
        List<Metric> metrics = f.metrics();
        int shown = Math.min(metrics.size(), MAX_SERIES_SHOWN);
        for (Metric m : metrics.subList(0, shown)) {
            h.open("tr").element("td", Text.labels(m.labels()), "class", "labels").element("td", value(m), "class", "mono")
                    .close("tr").nl();
        }
        h.close("table").nl();
        if (metrics.size() > shown) {
            h.element("p", (metrics.size() - shown) + " more", "class", "more").nl();
        }
        h.close("div").nl();
    }

    /** A value as the text format writes it; a histogram or summary by its count and sum. */
    private static String value(Metric m) {
        return switch (m) {
            case ValueMetric v -> GoFloat.format(v.value());
            case HistogramMetric hm -> "count " + GoFloat.format(hm.count()) + ", sum " + GoFloat.format(hm.sum());
            case SummaryMetric s -> "count " + GoFloat.format(s.count()) + ", sum " + GoFloat.format(s.sum());
        };
    }

    /** The series pushed to the group, without the two push time gauges Ferry adds. */
    static int seriesCount(Group g) {
        int n = 0;
        for (MetricFamily f : g.families()) {
            if (!f.name().equals(PushedFamilies.PUSH_TIME) && !f.name().equals(PushedFamilies.PUSH_FAILURE_TIME)) {
                n += f.metrics().size();
            }
        }
        return n;
    }
}
