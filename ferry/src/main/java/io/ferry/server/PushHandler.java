package io.ferry.server;

import io.ferry.push.GroupingKey;
import io.ferry.push.GroupingKeyException;
import io.ferry.push.PushException;
import io.ferry.push.PushService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code PUT}, {@code POST} and {@code DELETE} on {@code /metrics/job/...}: the Pushgateway's push
 * API. The grouping key comes from the decoded path, as the Pushgateway's router sees it; the body
 * (already read, within the body limit) is parsed on a worker thread; the answer is sent once the
 * push is durable: 200 (202 with the consistency check off) for a push, 202 for a delete, and the
 * Pushgateway's status and message for a refusal.
 */
final class PushHandler implements Handler<RoutingContext> {
    private static final String PREFIX = "/metrics";

    private final PushService push;

    PushHandler(PushService push) {
        this.push = push;
    }

    @Override
    public void handle(RoutingContext ctx) {
        GroupingKey key;
        try {
            String path = URI.create("http://h" + ctx.request().path()).getPath();
            key = GroupingKey.parse(path.substring(path.indexOf(PREFIX) + PREFIX.length()));
        } catch (GroupingKeyException | IllegalArgumentException e) {
            plain(ctx, 400, e.getMessage());
            return;
        }
        HttpMethod method = ctx.request().method();
        if (method.equals(HttpMethod.DELETE)) {
            answer(ctx, Future.fromCompletionStage(push.delete(key), ctx.vertx().getOrCreateContext()), 202);
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String contentEncoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean replace = method.equals(HttpMethod.PUT);
        // Parsing costs in proportion to the body: off the event loop.
        Future<Void> done = ctx.vertx().<CompletableFuture<Void>>executeBlocking(
                        () -> push.push(key, replace, new ByteArrayInputStream(body), contentType, contentEncoding), false)
                .compose(f -> Future.fromCompletionStage(f, ctx.vertx().getOrCreateContext()));
        answer(ctx, done, push.successStatus());
    }

    private static void answer(RoutingContext ctx, Future<Void> done, int success) {
        done.onSuccess(v -> ctx.response().setStatusCode(success).end())
                .onFailure(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof PushException p) {
                        plain(ctx, p.status(), p.getMessage());
                    } else {
                        ctx.fail(500, cause);
                    }
                });
    }

    /** A plain-text answer ending in a newline, as Go's {@code http.Error} writes it. */
    private static void plain(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }
}
