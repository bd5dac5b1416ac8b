package io.ferry.server;

import io.netty.buffer.Unpooled;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics} on one event loop: negotiates the format and encoding of the request
 * ({@link MetricsBody#choose}) and sends the server's {@link MetricsBody} as it is rendered, with
 * chunked transfer encoding. Collecting reads {@code /proc} and rendering costs in proportion to what
 * is stored, so both run on a worker thread.
 */
final class MetricsHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final MetricsBody body;

    MetricsHandler(Vertx vertx, MetricsBody body) {
        this.vertx = vertx;
        this.body = body;
    }

    @Override
    public void handle(RoutingContext ctx) {
        MetricsBody.Choice choice = body.choose(ctx.request().getHeader(HttpHeaders.ACCEPT),
                ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, choice.format().contentType())
                .putHeader(HttpHeaders.VARY, "Accept, Accept-Encoding");
        if (choice.gzip()) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        vertx.executeBlocking(() -> {
            body.render(choice, new ResponseParts(response));
            return null;
        }, false).onSuccess(v -> response.end()).onFailure(e -> {
            if (response.headWritten()) {
                // Half a body must not pass for a whole one: the client sees the connection cut.
                ctx.request().connection().close();
            } else {
                ctx.fail(e);
            }
        });
    }

    /** Sends the parts of a body as chunks of a chunked response, each from the array handed over. */
    private static final class ResponseParts implements MetricsBody.Parts {
        private final HttpServerResponse response;
        private boolean chunked;

        ResponseParts(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (length == 0) {
                return;
            }
            if (!chunked) {
                response.setChunked(true);
                chunked = true;
            }
            // Queued on the connection's event loop in order. Wrapped, not copied: the body never changes
            // an array it handed over, and most are the render memory's own, kept anyway.
            response.write(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, offset, length)));
        }
    }
}
