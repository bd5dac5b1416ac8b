package io.ferry.server;

import io.ferry.model.PromDuration;
import io.ferry.wire.ByteSink;
import io.ferry.model.Labels;
import io.ferry.wire.GoJson;
import io.ferry.push.GoTime;
import io.ferry.scrape.ScrapeLoop;
import io.ferry.scrape.ScrapeManager;
import io.ferry.scrape.ScrapeTarget;
import io.ferry.scrape.TargetBuilder;
import io.ferry.scrape.TargetHealth;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/targets}: the scrape targets in Prometheus' JSON shape
 * ({@code activeTargets}: labels, discovered labels, scrape pool and URL, health, last error, last
 * scrape, its duration, interval and timeout; {@code droppedTargets}; {@code droppedTargetCounts}),
 * with its {@code state} ({@code active}, {@code dropped}, {@code any}) and {@code scrapePool} filters.
 */
final class ApiTargetsHandler implements Handler<RoutingContext> {
    private final Supplier<List<ScrapeManager.Pool>> pools;
    private final ZoneId zone;

    ApiTargetsHandler(Supplier<List<ScrapeManager.Pool>> pools, ZoneId zone) {
        this.pools = pools;
        this.zone = zone;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String state = ctx.request().getParam("state", "any").toLowerCase(java.util.Locale.ROOT);
        String pool = ctx.request().getParam("scrapePool", "");
        if (!List.of("active", "dropped", "any").contains(state)) {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"state must be active, dropped or any\"}");
            return;
        }
        byte[] body = render(pools.get(), state, pool, zone);
        ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
    }

    static byte[] render(List<ScrapeManager.Pool> pools, String state, String only, ZoneId zone) {
        ByteSink out = new ByteSink(4096);
        GoJson j = new GoJson(out);
        j.beginObject().name("status").value("success").name("data").beginObject();
        j.name("activeTargets").beginArray();
        if (!state.equals("dropped")) {
            for (ScrapeManager.Pool p : pools) {
                if (only.isEmpty() || only.equals(p.job().jobName())) {
                    for (ScrapeLoop l : p.active()) {
                        active(j, l, zone);
                    }
                }
            }
        }
        j.endArray().name("droppedTargets").beginArray();
        if (!state.equals("active")) {
            for (ScrapeManager.Pool p : pools) {
                if (only.isEmpty() || only.equals(p.job().jobName())) {
                    for (TargetBuilder.Outcome o : p.dropped()) {
                        j.beginObject().name("discoveredLabels");
                        labels(j, o.discoveredLabels());
                        j.endObject();
                    }
                }
            }
        }
        j.endArray().name("droppedTargetCounts").beginObject();
        for (ScrapeManager.Pool p : pools) {
            j.name(p.job().jobName()).value((long) p.droppedCount());
        }
        j.endObject().endObject().endObject();
        return out.toByteArray();
    }

    private static void active(GoJson j, ScrapeLoop l, ZoneId zone) {
        ScrapeTarget t = l.target();
        TargetHealth h = l.health();
        j.beginObject();
        j.name("discoveredLabels");
        labels(j, t.discoveredLabels());
        j.name("labels");
        labels(j, t.labels());
        j.name("scrapePool").value(t.job());
        j.name("scrapeUrl").value(t.url().toString());
        j.name("globalUrl").value(t.url().toString());
        j.name("lastError").value(h.lastError());
        j.name("lastScrape").value(h.lastScrape() == null ? "0001-01-01T00:00:00Z" : GoTime.rfc3339Nano(h.lastScrape(), zone));
        j.name("lastScrapeDuration").value(h.lastScrapeDuration().toNanos() / 1e9);
        j.name("health").value(h.health());
        j.name("scrapeInterval").value(PromDuration.format(t.interval()));
        j.name("scrapeTimeout").value(PromDuration.format(t.timeout()));
        j.endObject();
    }

    /** A label set as a JSON object, in its order. */
    static void labels(GoJson j, Labels l) {
        j.beginObject();
        for (int i = 0; i < l.size(); i++) {
            j.name(l.name(i)).value(l.value(i));
        }
        j.endObject();
    }
}
