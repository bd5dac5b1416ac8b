package io.ferry.server;

import io.ferry.exposition.ByteSink;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ExpositionWriter;
import io.ferry.exposition.Negotiation;
import io.ferry.model.MetricFamily;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: what Ferry serves (its own metrics and the pushed groups) in the format the
 * {@code Accept} header prefers (text 0.0.4 when it names none Ferry serves), gzipped when
 * {@code Accept-Encoding} allows it.
 *
 * <p>Collecting reads {@code /proc} and rendering costs in proportion to what is stored, so both
 * run on a worker thread; the event loop only sends the finished body.
 */
final class MetricsHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final Supplier<List<MetricFamily>> families;
    private final Function<ExpositionFormat, ExpositionWriter> writers;
    /** The size of the last body rendered: the next buffer starts that large instead of growing to it. */
    private volatile int lastSize = 16 * 1024;

    MetricsHandler(Vertx vertx, Supplier<List<MetricFamily>> families) {
        this(vertx, families, ExpositionFormat::writer);
    }

    /** With a writer lookup of the test's choosing. */
    MetricsHandler(Vertx vertx, Supplier<List<MetricFamily>> families,
                   Function<ExpositionFormat, ExpositionWriter> writers) {
        this.vertx = vertx;
        this.families = families;
        this.writers = writers;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        String acceptEncoding = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        vertx.executeBlocking(() -> render(accept, acceptEncoding), false)
                .onSuccess(body -> {
                    var response = ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, body.contentType())
                            .putHeader(HttpHeaders.VARY, "Accept, Accept-Encoding");
                    if (body.gzip()) {
                        response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
                    }
                    response.end(Buffer.buffer(body.bytes()));
                })
                .onFailure(ctx::fail);
    }

    /** A rendered response body and the headers that describe it. */
    record Body(String contentType, boolean gzip, byte[] bytes) {
    }

    /** The families rendered as these request headers ask; either header may be null. */
    Body render(String accept, String acceptEncoding) {
        ExpositionFormat format = Negotiation.choose(accept);
        boolean gzip = Negotiation.acceptsGzip(acceptEncoding);
        ByteSink sink = new ByteSink(lastSize + lastSize / 8);
        writers.apply(format).write(families.get(), sink);
        lastSize = sink.size();
        return new Body(format.contentType(), gzip, gzip ? gzip(sink) : sink.toByteArray());
    }

    private static byte[] gzip(ByteSink sink) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(sink.size() / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
            sink.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return compressed.toByteArray();
    }
}
