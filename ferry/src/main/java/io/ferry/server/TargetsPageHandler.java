package io.ferry.server;

import io.ferry.model.Labels;
import io.ferry.push.GoTime;
import io.ferry.scrape.ScrapeLoop;
import io.ferry.scrape.ScrapeManager;
import io.ferry.scrape.TargetHealth;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

import static io.ferry.server.StatusPage.escape;

/**
 * {@code GET /targets}: every scrape job with its targets' endpoint, health, labels, last scrape,
 * duration and error, as Prometheus' targets page shows them. Plain server-rendered HTML, every
 * string escaped; the same data as {@code /api/v1/targets}.
 */
final class TargetsPageHandler implements Handler<RoutingContext> {
    private final Supplier<List<ScrapeManager.Pool>> pools;
    private final ZoneId zone;

    TargetsPageHandler(Supplier<List<ScrapeManager.Pool>> pools, ZoneId zone) {
        this.pools = pools;
        this.zone = zone;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(render(pools.get(), zone));
    }

    static String render(List<ScrapeManager.Pool> pools, ZoneId zone) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Ferry targets</title>\n")
                .append("<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;")
                .append("padding:4px 8px;text-align:left;vertical-align:top}.up{color:#060}.down{color:#b00}</style>")
                .append("</head><body>\n<h1>Targets</h1>\n");
        if (pools.isEmpty()) {
            h.append("<p>No scrape jobs are configured (<code>scrape_configs</code>).</p>\n");
        }
        for (ScrapeManager.Pool p : pools) {
            long up = p.active().stream().filter(l -> l.health().health().equals("up")).count();
            h.append("<h2 id=\"job-").append(escape(p.job().jobName())).append("\">").append(escape(p.job().jobName()))
                    .append(" (").append(up).append('/').append(p.active().size()).append(" up)</h2>\n")
                    .append("<table><tr><th>Endpoint</th><th>State</th><th>Labels</th><th>Last scrape</th>")
                    .append("<th>Scrape duration</th><th>Error</th></tr>\n");
            for (ScrapeLoop l : p.active()) {
                TargetHealth t = l.health();
                String url = l.target().url().toString();
                h.append("<tr><td><a href=\"").append(escape(url)).append("\">").append(escape(url)).append("</a></td>")
                        .append("<td class=\"").append(escape(t.health())).append("\">").append(escape(t.health().toUpperCase(java.util.Locale.ROOT)))
                        .append("</td><td>").append(escape(labels(l.target().labels()))).append("</td><td>")
                        .append(t.lastScrape() == null ? "never" : escape(GoTime.rfc3339Nano(t.lastScrape(), zone)))
                        .append("</td><td>").append(String.format(java.util.Locale.ROOT, "%.3fs", t.lastScrapeDuration().toNanos() / 1e9))
                        .append("</td><td>").append(escape(t.lastError())).append("</td></tr>\n");
            }
            h.append("</table>\n");
            if (!p.dropped().isEmpty()) {
                h.append("<p>").append(p.dropped().size()).append(" dropped target(s).</p>\n");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    private static String labels(Labels l) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < l.size(); i++) {
            b.append(i == 0 ? "" : " ").append(l.name(i)).append("=\"").append(l.value(i)).append('"');
        }
        return b.toString();
    }
}
