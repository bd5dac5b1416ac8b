package io.ferry.server;

import io.ferry.wire.GoJson;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.TunnelClient;
import io.ferry.tunnel.proxy.TunnelProxy;
import io.ferry.wire.ByteSink;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /clients}: the registered tunnel clients as http_sd / file_sd target groups, sorted by
 * fqdn. A PushProx client is {@code {"targets":["fqdn"],"labels":null}} exactly as PushProx writes
 * it; a Ferry client that declared targets has one group per target ({@code fqdn:port}, with
 * {@code __metrics_path__} when its path is not {@code /metrics}), and its declared labels.
 */
final class TunnelClientsHandler implements Handler<RoutingContext> {
    private static final String METRICS_PATH = "__metrics_path__";

    private final TunnelProxy proxy;

    TunnelClientsHandler(TunnelProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ByteSink out = new ByteSink(256);
        GoJson json = new GoJson(out).beginArray();
        for (TunnelClient c : proxy.clients()) {
            if (c.targets().isEmpty()) {
                group(json, c.fqdn(), c.labels());
            } else {
                for (DeclaredTarget t : c.targets()) {
                    Map<String, String> labels = new TreeMap<>(c.labels());
                    if (!t.path().isEmpty() && !t.path().equals("/metrics")) {
                        labels.put(METRICS_PATH, t.path());
                    }
                    group(json, c.fqdn() + ":" + t.port(), labels);
                }
            }
        }
        json.endArray();
        out.write('\n'); // as Go's json.Encoder
        ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(out.toByteArray()));
    }

    private static void group(GoJson json, String target, Map<String, String> labels) {
        json.beginObject().name("targets").beginArray().value(target).endArray().name("labels");
        if (labels.isEmpty()) {
            json.nullValue();
        } else {
            json.beginObject();
            new TreeMap<>(labels).forEach((k, v) -> json.name(k).value(v));
            json.endObject();
        }
        json.endObject();
    }
}
