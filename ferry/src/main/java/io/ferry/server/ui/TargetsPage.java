package io.ferry.server.ui;

import io.ferry.liveness.ProducerView;
import io.ferry.model.Labels;
import io.ferry.model.PromDuration;
import io.ferry.scrape.ScrapeLoop;
import io.ferry.scrape.ScrapeManager;
import io.ferry.scrape.TargetBuilder;
import io.ferry.scrape.TargetHealth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * {@code <prefix>/targets}, as Prometheus' targets page: per scrape job {@code <h2 id="job-<job>">job
 * (u/n up)</h2>} and a row per target with its health ({@code <td class="health-down">DOWN</td>}),
 * last scrape "Xs ago", duration and its recent history, interval and timeout, the history strip of
 * its scrapes (the producer registry's), last error, labels
 * after relabeling and, expandable, before; the dropped targets, counted and expandable;
 * {@code ?unhealthy=1} keeps the targets not up. The same data as {@code /api/v1/targets}. Stateless.
 */
final class TargetsPage {
    private TargetsPage() {
    }

    static void form(Html h, Query q) {
        h.open("form", "class", "filters", "method", "get", "data-live", "").nl()
                .open("label").open("input", "type", "checkbox", "name", "unhealthy", "value", "1",
                        "checked", q.flag("unhealthy") ? "" : null)
                .text(" unhealthy only").close("label").nl()
                .element("button", "Filter", "type", "submit").close("form").nl();
    }

    /** @param producers the scrape route's producers, by the targets' labels, for their history strips */
    static void main(Html h, List<ScrapeManager.Pool> pools, List<ProducerView> producers, Query q) {
        if (pools.isEmpty()) {
            h.open("p", "class", "off").text("No scrape jobs are configured (").element("code", "scrape_configs")
                    .text(", see ").element("code", "docs/scrape.md").text(").").close("p").nl();
            return;
        }
        boolean unhealthyOnly = q.flag("unhealthy");
        Map<Labels, ProducerView> byLabels = new HashMap<>();
        producers.forEach(p -> byLabels.put(p.labels(), p));
        for (ScrapeManager.Pool p : pools) {
            String job = p.job().jobName();
            long up = p.active().stream().filter(l -> l.health().health().equals("up")).count();
            h.open("section", "class", "job", "data-job", job).nl()
                    .element("h2", job + " (" + up + "/" + p.active().size() + " up)", "id", "job-" + job).nl();
            h.open("table", "class", "targets").nl().open("tr");
            for (String c : new String[]{"Endpoint", "State", "Labels", "Last scrape", "Scrape duration",
                    "Interval / timeout", "History", "Error"}) {
                h.element("th", c);
            }
            h.close("tr").nl();
            for (ScrapeLoop l : p.active()) {
                if (!unhealthyOnly || !l.health().health().equals("up")) {
                    row(h, l, byLabels.get(l.target().labels()), q);
                }
            }
            h.close("table").nl();
            dropped(h, job, p.dropped(), p.droppedCount());
            h.close("section").nl();
        }
    }

    private static void row(Html h, ScrapeLoop l, ProducerView producer, Query q) {
        TargetHealth t = l.health();
        String url = l.target().url().toString();
        String health = t.health();
        h.open("tr", "class", "target", "data-route", "scrape", "data-health", health)
                .open("td").element("a", url, "href", url).close("td")
                .element("td", health.toUpperCase(Locale.ROOT), "class", "health-" + health)
                .open("td").element("span", Text.labels(l.target().labels()), "class", "labels")
                .open("details", "data-key", "discovered " + l.target().job() + " " + url)
                .element("summary", "before relabeling")
                .element("span", Text.labels(l.target().discoveredLabels()), "class", "labels")
                .close("details").close("td")
                .element("td", t.lastScrape() == null ? "never" : Text.ago(t.lastScrape().toEpochMilli(), q.nowMillis()),
                        "title", t.lastScrape() == null ? null : t.lastScrape().toString())
                .open("td").text(Text.seconds(t.lastScrapeDuration().toNanos() / 1e9) + " ");
        Svg.line(h, l.history().stream().mapToDouble(s -> s.duration().toNanos() / 1e9).toArray(), "scrape duration", "s");
        h.close("td")
                .element("td", PromDuration.format(l.target().interval()) + " / "
                        + PromDuration.format(l.target().timeout()))
                .open("td");
        Svg.strip(h, producer == null ? List.of() : producer.history());
        h.close("td")
                .element("td", t.lastError(), "class", t.lastError().isEmpty() ? null : "error")
                .close("tr").nl();
    }

    /** The dropped targets kept to be shown, under a summary that counts them all ({@code count}). */
    private static void dropped(Html h, String job, List<TargetBuilder.Outcome> kept, int count) {
        if (count == 0) {
            return;
        }
        String summary = count + (count == 1 ? " dropped target" : " dropped targets")
                + (kept.size() < count ? ", " + kept.size() + " shown (keep_dropped_targets)" : "");
        h.open("details", "class", "dropped", "data-key", "dropped " + job).element("summary", summary)
                .open("ul").nl();
        for (TargetBuilder.Outcome o : kept) {
            h.open("li").element("span", Text.labels(o.discoveredLabels()), "class", "labels");
            if (o instanceof TargetBuilder.Invalid invalid) {
                h.text(": ").element("span", invalid.reason(), "class", "error");
            }
            h.close("li").nl();
        }
        h.close("ul").close("details").nl();
    }
}
