package io.ferry.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.OutputStream;

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
            body.render(choice, new ResponseStream(response));
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

    /** Sends what is written as pieces of a chunked response. */
    private static final class ResponseStream extends OutputStream {
        private final HttpServerResponse response;
        private boolean chunked;

        ResponseStream(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len == 0) {
                return;
            }
            if (!chunked) {
                response.setChunked(true);
                chunked = true;
            }
            // Queued on the connection's event loop in order; the pieces together are the body,
            // so the queue holds at most what one array would have.
            response.write(Buffer.buffer(len).appendBytes(b, off, len));
        }
    }
}
