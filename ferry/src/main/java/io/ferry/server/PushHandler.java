package io.ferry.server;

import io.ferry.push.GroupingKey;
import io.ferry.push.GroupingKeyException;
import io.ferry.push.PushException;
import io.ferry.push.PushService;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;

/**
 * {@code PUT}, {@code POST} and {@code DELETE} on {@code /metrics/job/...}: the Pushgateway's push
 * API. The grouping key comes from the decoded path, as the Pushgateway's router sees it; the body
 * (already read, within the body limit) is parsed on the event loop when small and uncompressed, on
 * a worker thread otherwise; the answer is sent once the push is durable: 200 (202 with the
 * consistency check off) for a push, 202 for a delete, and the Pushgateway's status and message for
 * a refusal.
 */
final class PushHandler implements Handler<RoutingContext> {
    /**
     * Bodies up to this size are parsed on the event loop: a few tens of microseconds at most, less
     * than the two thread hand-offs a worker costs, which dominate a typical push of a few series.
     */
    static final int INLINE_PARSE_BYTES = 16 * 1024;

    private final PushService push;
    private final String base;

    /** @param base the path before {@code /job}: the route prefix and {@code /metrics} */
    PushHandler(PushService push, String base) {
        this.push = push;
        this.base = base;
    }

    @Override
    public void handle(RoutingContext ctx) {
        GroupingKey key;
        try {
            String path = decodePath(ctx.request().path());
            if (!path.startsWith(base)) {
                // The router matched a normalised path (dot segments removed); the Pushgateway's router
                // would not have matched this one either.
                ctx.fail(404);
                return;
            }
            key = GroupingKey.parse(path.substring(base.length()));
        } catch (GroupingKeyException | IllegalArgumentException e) {
            plain(ctx, 400, e.getMessage());
            return;
        }
        HttpMethod method = ctx.request().method();
        if (method.equals(HttpMethod.DELETE)) {
            answer(ctx, push.delete(key), 202);
            return;
        }
        byte[] body = RawBody.of(ctx);
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String contentEncoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean replace = method.equals(HttpMethod.PUT);
        CompletionStage<Void> done;
        if (body.length <= INLINE_PARSE_BYTES && contentEncoding == null) {
            done = push.push(key, replace, body, contentType, null);
        } else {
            // A large or compressed body would hold up every connection of this event loop.
            done = ctx.vertx().<CompletableFuture<Void>>executeBlocking(
                            () -> push.push(key, replace, body, contentType, contentEncoding), false)
                    .toCompletionStage().thenCompose(f -> f);
        }
        answer(ctx, done, push.successStatus());
    }

    /**
     * The job of the grouping key in the request's path, for the route's guard; {@code ""} when the
     * path does not parse (the handler then answers 400, to whoever the guard let through).
     */
    String jobOf(RoutingContext ctx) {
        try {
            String path = decodePath(ctx.request().path());
            return path.startsWith(base) ? GroupingKey.parse(path.substring(base.length())).job() : "";
        } catch (GroupingKeyException | IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * The path's bytes, raw and percent-escaped, decoded as UTF-8, as Go's router sees them; unlike
     * form decoding, a {@code +} stays a plus. The HTTP codec reads the request line's bytes one
     * char each ({@code ISO-8859-1}), so a char up to {@code \u00FF} is a byte sent raw (curl and
     * Go escape them; a hand-written client may not). Bytes that are not UTF-8 are refused: the
     * Pushgateway takes such bytes into a label value, refuses the push at its consistency check
     * and then fails every scrape over the failure group it keeps.
     */
    static String decodePath(String raw) {
        if (raw.indexOf('%') < 0 && ascii(raw)) {
            return raw; // every push's path, on the event loop: no stream, no copy
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new IllegalArgumentException("invalid percent-escape in the URL path at character " + (i + 1));
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c <= 0xFF) {
                bytes.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the URL path is not valid UTF-8 once its percent-escapes are decoded"
                    + " (raw bytes in it count too)");
        }
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Answers once {@code done} completes, on the request's event loop: one task handed to it from
     * the thread that completes the push (the store's writer), or none when that is the event loop.
     */
    private static void answer(RoutingContext ctx, CompletionStage<Void> done, int success) {
        Context loop = ctx.vertx().getOrCreateContext();
        done.whenComplete((v, e) -> {
            if (Vertx.currentContext() == loop) {
                answer(ctx, e, success);
            } else {
                loop.runOnContext(x -> answer(ctx, e, success));
            }
        });
    }

    private static void answer(RoutingContext ctx, Throwable e, int success) {
        if (e == null) {
            ctx.response().setStatusCode(success).end();
            return;
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof PushException p) {
            if (p.retryAfter() != null) {
                ctx.response().putHeader("Retry-After",
                        Long.toString(Math.max(1, (p.retryAfter().toMillis() + 999) / 1000)));
            }
            plain(ctx, p.status(), p.getMessage());
        } else {
            ctx.fail(500, cause);
        }
    }

    /** A plain-text answer ending in a newline, as Go's {@code http.Error} writes it. */
    private static void plain(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }
}
