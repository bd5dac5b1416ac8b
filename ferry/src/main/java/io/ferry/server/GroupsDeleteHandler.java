package io.ferry.server;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.LabelSelector;
import io.ferry.model.LabelSelectorException;
import io.ferry.model.Labels;
import io.ferry.push.PushService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code DELETE /api/v1/groups?match[]=<selector>}: deletes every group whose grouping labels match
 * any of the selectors (PromQL label matchers in braces, {@link LabelSelector}), each by its own
 * durable delete ({@link PushService#deleteMatching}). Answers, in the Prometheus API's envelope:
 * <ul>
 *   <li>200 {@code {"status":"success","data":{"deleted":N}}} once every delete is durable
 *       ({@code N} may be 0);</li>
 *   <li>400 {@code {"status":"error","errorType":"bad_data","error":"..."}} without {@code match[]}
 *       or with a selector that does not parse (the message names it and the position).</li>
 * </ul>
 *
 * <p>Which groups a request may delete at all is {@code scope}'s answer for that request, combined
 * with the selectors; without one, any group may be.
 */
final class GroupsDeleteHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Log.logger();
    static final String PARAM = "match[]";

    private final PushService push;
    private final Function<RoutingContext, Predicate<Labels>> scope;

    GroupsDeleteHandler(PushService push) {
        this(push, ctx -> key -> true);
    }

    /** @param scope the grouping keys the request may delete (for example, a token's jobs) */
    GroupsDeleteHandler(PushService push, Function<RoutingContext, Predicate<Labels>> scope) {
        this.push = push;
        this.scope = scope;
    }

    @Override
    public void handle(RoutingContext ctx) {
        List<String> params = ctx.queryParam(PARAM);
        if (params.isEmpty()) {
            badData(ctx, "no match[] parameter: give at least one selector, for example match[]={job=\"etl\"}");
            return;
        }
        List<LabelSelector> selectors = new ArrayList<>(params.size());
        for (String p : params) {
            try {
                selectors.add(LabelSelector.parse(p));
            } catch (LabelSelectorException e) {
                badData(ctx, "invalid match[] selector " + p + ": " + e.getMessage());
                return;
            }
        }
        Predicate<Labels> selected = key -> selectors.stream().anyMatch(s -> s.test(key));
        Predicate<Labels> which = scope.apply(ctx).and(selected);
        // The scan tests every stored group: off the event loop.
        ctx.vertx().<CompletableFuture<Integer>>executeBlocking(() -> push.deleteMatching(which), false)
                .compose(f -> Future.fromCompletionStage(f, ctx.vertx().getOrCreateContext()))
                .onSuccess(n -> {
                    LOG.info("push groups deleted by selector", "match", String.join(" or ", params), "deleted", n);
                    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("status", "success")
                                    .put("data", new JsonObject().put("deleted", n)).encode());
                })
                .onFailure(ctx::fail);
    }

    private static void badData(RoutingContext ctx, String message) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "error").put("errorType", "bad_data").put("error", message).encode());
    }
}
