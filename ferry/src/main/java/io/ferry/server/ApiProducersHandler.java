package io.ferry.server;

import io.ferry.liveness.Advice;
import io.ferry.liveness.Health;
import io.ferry.liveness.ProducerQuery;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.ProducerView;
import io.ferry.liveness.Route;
import io.ferry.liveness.Slot;
import io.ferry.wire.ByteSink;
import io.ferry.wire.GoJson;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v1/producers}: every producer of every route as the {@link ProducerRegistry}
 * judges it now, with the counts by route and health, filtered by {@link ProducerQuery}'s
 * parameters ({@code route}, {@code job}, {@code health}, {@code q}, {@code limit}); a bad one is
 * answered 400 {@code bad_data} naming it. The shape is in {@code docs/fleet.md}.
 */
final class ApiProducersHandler implements Handler<RoutingContext> {
    private final ProducerRegistry producers;

    ApiProducersHandler(ProducerRegistry producers) {
        this.producers = producers;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ProducerQuery query;
        try {
            query = ProducerQuery.parse(ctx::queryParam);
        } catch (ProducerQuery.BadParameter e) {
            ByteSink out = new ByteSink(256);
            new GoJson(out).beginObject().name("status").value("error").name("errorType").value("bad_data")
                    .name("error").value(e.getMessage()).endObject();
            ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(out.toByteArray()));
            return;
        }
        byte[] body = render(query.apply(producers.producers(), producers.routesOn()));
        ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
    }

    static byte[] render(ProducerQuery.Answer a) {
        ByteSink out = new ByteSink(4096);
        GoJson j = new GoJson(out);
        j.beginObject().name("status").value("success").name("data").beginObject();
        j.name("counts").beginObject();
        for (Map.Entry<Route, Map<Health, Integer>> byRoute : a.counts().entrySet()) {
            j.name(byRoute.getKey().label()).beginObject();
            for (Map.Entry<Health, Integer> c : byRoute.getValue().entrySet()) {
                j.name(c.getKey().label()).value((long) c.getValue());
            }
            j.endObject();
        }
        j.endObject().name("producers").beginArray();
        for (ProducerView p : a.producers()) {
            producer(j, p);
        }
        j.endArray().name("truncated").value(a.truncated()).endObject().endObject();
        return out.toByteArray();
    }

    private static void producer(GoJson j, ProducerView p) {
        j.beginObject();
        j.name("route").value(p.route().label());
        j.name("labels");
        ApiTargetsHandler.labels(j, p.labels());
        j.name("health").value(p.health().label());
        j.name("reason").value(p.reason());
        j.name("lastSeen");
        if (p.lastSeenMillis() == 0) {
            j.nullValue();
        } else {
            j.value(Instant.ofEpochMilli(p.lastSeenMillis()).toString());
        }
        j.name("intervalSeconds");
        if (p.intervalSeconds().isPresent()) {
            j.value(p.intervalSeconds().getAsDouble());
        } else {
            j.nullValue();
        }
        j.name("graceSeconds").value(p.grace().toMillis() / 1000.0);
        j.name("expected").value(p.expected());
        j.name("judged").value(p.judged());
        j.name("lastError").value(p.lastError());
        j.name("history").beginArray();
        for (Slot s : p.history()) {
            j.value(s.label());
        }
        j.endArray().name("advice").beginArray();
        for (Advice a : p.advice()) {
            j.beginObject().name("kind").value(a.kind()).name("message").value(a.message()).endObject();
        }
        j.endArray().endObject();
    }
}
