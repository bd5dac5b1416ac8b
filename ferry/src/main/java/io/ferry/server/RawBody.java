package io.ferry.server;

import io.ferry.wire.ByteSink;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body as bytes, whatever its Content-Type, refusing with 413 one longer than a
 * limit or than the whole {@link BodyBudget} (at once when Content-Length says so, else as soon as
 * it passes), and with 503 and {@code Retry-After} one that does not fit beside the bodies being
 * read: reserved whole by its
 * Content-Length before any byte is read, or chunk by chunk as a chunked body arrives, and released
 * when the exchange ends, however it ends (answered, failed, reset, cut by a timeout). Vert.x's
 * BodyHandler is not used for pushes because it decodes {@code application/x-www-form-urlencoded}
 * bodies as forms, which is what {@code curl --data-binary} sends, and the Pushgateway parses any
 * body as an exposition.
 *
 * <p>A client that sent {@code Expect: 100-continue} (curl does for {@code -T} uploads over 1 KiB)
 * gets {@code 100 Continue} once the body passed those checks and is about to be read, as Go's
 * server answers it when a handler reads the body; refused, it gets the final answer instead and
 * never sends the body. Without it curl waits a second before sending the body anyway.
 */
final class RawBody implements Handler<RoutingContext> {
    private static final String KEY = "ferry.rawBody";
    private static final byte[] EMPTY = new byte[0];
    /** A body is read into an array of its Content-Length up to this size, grown beyond it as it comes. */
    private static final int PRESIZED_BYTES = 64 * 1024;
    /** A body without Content-Length (chunked) starts in an array of this size. */
    private static final int CHUNKED_FIRST_BYTES = 8 * 1024;

    private final long maxBytes;
    private final String what;
    private final String limitKey;
    private final Runnable onRefused;
    private final BodyBudget budget;
    private final Refusal refusal;

    /**
     * How a refusal is answered, for a protocol with its own error bodies (OTLP's {@code Status},
     * gRPC's trailers): the HTTP status it stands for (413: too large; 503: the budget is full, with
     * {@code Retry-After} already set) and the message. The request body is unread.
     */
    @FunctionalInterface
    interface Refusal {
        Refusal PLAIN = Plain::refuseUnread;

        void answer(RoutingContext ctx, int status, String message);
    }

    /**
     * A push body's reader.
     *
     * @param onRefused told of each body refused for its size
     * @param budget    what bodies being read at once may hold
     */
    RawBody(long maxBytes, Runnable onRefused, BodyBudget budget) {
        this(maxBytes, "push", "push.limits.max_body_bytes", onRefused, budget);
    }

    /**
     * @param what     what the body is, for refusals ({@code push}, {@code poll})
     * @param limitKey the config key of {@code maxBytes}, named in the 413 answer
     */
    RawBody(long maxBytes, String what, String limitKey, Runnable onRefused, BodyBudget budget) {
        this(maxBytes, what, limitKey, onRefused, budget, Refusal.PLAIN);
    }

    /** @param refusal answers refusals, in plain text for {@link Refusal#PLAIN} */
    RawBody(long maxBytes, String what, String limitKey, Runnable onRefused, BodyBudget budget, Refusal refusal) {
        this.refusal = refusal;
        this.maxBytes = maxBytes;
        this.what = what;
        this.limitKey = limitKey;
        this.onRefused = onRefused;
        this.budget = budget;
    }

    /** The body read by this handler earlier on the route. */
    static byte[] of(RoutingContext ctx) {
        byte[] body = ctx.get(KEY);
        return body == null ? EMPTY : body;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            refuse(ctx);
            return;
        }
        if (request.isEnded()) {
            if (request.bytesRead() > 0) {
                ctx.fail(500, new IllegalStateException("the push body was read before it could be kept"));
            } else {
                ctx.next(); // an empty body
            }
            return;
        }
        // What this request holds of the budget, given back once when the exchange ends.
        long[] reserved = {0};
        ctx.addEndHandler(done -> budget.release(reserved[0]));
        long declared = length == null ? -1 : declaredLength(length);
        if (declared > 0) {
            if (!budget.couldHold(declared)) {
                refuseAsLargerThanBudget(ctx);
                return;
            }
            if (!budget.tryReserve(declared)) {
                refuseForBudget(ctx);
                return;
            }
            reserved[0] = declared;
        }
        // Sized by Content-Length up to a bound, so that a usual push is copied once, into the very
        // array the handler gets; the bound keeps a client that declares much and sends little from
        // making Ferry allocate it all before a byte arrives.
        ByteSink body = new ByteSink(declared > 0 ? (int) Math.min(declared, PRESIZED_BYTES) : CHUNKED_FIRST_BYTES);
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            long size = body.size() + (long) chunk.length();
            if (size > maxBytes) {
                refused[0] = true;
                refuse(ctx);
                return;
            }
            if (size > reserved[0]) {
                if (!budget.couldHold(size)) {
                    refused[0] = true;
                    refuseAsLargerThanBudget(ctx);
                    return;
                }
                if (!budget.tryReserve(size - reserved[0])) {
                    refused[0] = true;
                    refuseForBudget(ctx);
                    return;
                }
                reserved[0] = size;
            }
            body.ensure(chunk.length());
            chunk.getBytes(body.array(), body.size());
            body.advance(chunk.length());
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                ctx.put(KEY, body.finish());
                ctx.next();
            }
        });
        request.exceptionHandler(ClientMistakes.failBody(ctx));
        if (request.version() == HttpVersion.HTTP_1_1
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /** 413 naming the limit; the connection closes, since the rest of the body is never read. */
    private void refuse(RoutingContext ctx) {
        onRefused.run();
        refusal.answer(ctx, 413, what + " refused: the body is larger than the limit of " + maxBytes
                + " bytes (" + limitKey + ")\n");
    }

    /**
     * 413: the body is within its route's limit but larger than all bodies being read at once may
     * hold, so no retry could ever fit it (a small heap's default budget, or a budget set low).
     */
    private void refuseAsLargerThanBudget(RoutingContext ctx) {
        refusal.answer(ctx, 413, what + " refused: the body is larger than the " + budget.maxBytes()
                + " bytes all bodies being read at once may hold (--web.max-body-bytes-in-flight)\n");
    }

    /**
     * 503: too many bodies are being read at once; the client may try again shortly. On HTTP/1.1 the
     * connection is closed once the answer is sent, rather than left to a client still sending.
     */
    private void refuseForBudget(RoutingContext ctx) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.addEndHandler(done -> ctx.request().connection().close());
        }
        ctx.response().putHeader("Retry-After", Integer.toString(BodyBudget.RETRY_AFTER_SECONDS));
        refusal.answer(ctx, 503, what + " refused for now: " + budget.maxBytes()
                + " bytes of bodies are being read already (--web.max-body-bytes-in-flight); retry later\n");
    }

    private boolean tooLong(String contentLength) {
        return declaredLength(contentLength) > maxBytes;
    }

    /** The Content-Length as a number; -1 if malformed, which the HTTP codec refuses before this runs. */
    private static long declaredLength(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
