package io.ferry.server;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body as bytes, whatever its Content-Type, refusing with 413 one longer than a
 * limit (at once when Content-Length says so, else as soon as it passes the limit). Vert.x's
 * BodyHandler is not used for pushes because it decodes {@code application/x-www-form-urlencoded}
 * bodies as forms, which is what {@code curl --data-binary} sends, and the Pushgateway parses any
 * body as an exposition.
 */
final class RawBody implements Handler<RoutingContext> {
    private static final String KEY = "ferry.rawBody";
    private static final byte[] EMPTY = new byte[0];

    private final long maxBytes;
    private final Runnable onRefused;

    /** @param onRefused told of each body refused for its size */
    RawBody(long maxBytes, Runnable onRefused) {
        this.maxBytes = maxBytes;
        this.onRefused = onRefused;
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
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBytes) {
                refused[0] = true;
                refuse(ctx);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                ctx.put(KEY, body.getBytes());
                ctx.next();
            }
        });
        request.exceptionHandler(ctx::fail);
        request.resume();
    }

    /** 413 naming the limit; the connection closes, since the rest of the body is never read. */
    private void refuse(RoutingContext ctx) {
        onRefused.run();
        Plain.refuseUnread(ctx, 413, "push refused: the body is larger than the limit of " + maxBytes
                + " bytes (push.limits.max_body_bytes)\n");
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length before this runs
        }
    }
}
