package io.ferry.server;

import io.ferry.wire.ByteSink;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ExpositionWriter;
import io.ferry.exposition.Negotiation;
import io.ferry.model.MetricFamily;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: what Ferry serves (its own metrics and the pushed groups) in the format the
 * {@code Accept} header prefers (text 0.0.4 when it names none Ferry serves), gzipped when
 * {@code Accept-Encoding} allows it. OpenMetrics is offered only when enabled
 * ({@code --web.enable-openmetrics}), as the Pushgateway never offers it: the format decides the
 * {@code le} and {@code quantile} values Prometheus 2 stores.
 *
 * <p>Collecting reads {@code /proc} and rendering costs in proportion to what is stored, so both
 * run on a worker thread. The body is rendered a few families at a time and sent in pieces of
 * about {@value #PIECE_BYTES} bytes as it grows (chunked transfer encoding): a large store never
 * needs its whole exposition in one array, and sending overlaps rendering. From
 * {@value #PARALLEL_SERIES} series on, a second thread renders the second half meanwhile.
 *
 * <p>Each format remembers what every family of the last body rendered to ({@link RenderedFamilies}):
 * the pushed families that did not change since are copied, not rendered again, which makes a scrape
 * of a large, quiet store cheap from the first repeat on, whatever the JIT has compiled yet. That
 * memory costs about one body per format asked for (uncompressed); gzip compresses each body afresh.
 */
final class MetricsHandler implements Handler<RoutingContext> {
    static final int PIECE_BYTES = 256 * 1024;
    /** Bodies of at least this many series are rendered by two threads. */
    static final int PARALLEL_SERIES = 20_000;
    /** Renders second halves; its threads end when idle. */
    private static final ExecutorService RENDERERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("ferry-metrics-render-", 0).daemon(true).factory());

    private final Vertx vertx;
    private final Supplier<List<MetricFamily>> families;
    private final Function<ExpositionFormat, ExpositionWriter> writers;
    /** By format, made when first asked for. */
    private final Map<ExpositionFormat, RenderedFamilies> rendered = new ConcurrentHashMap<>();
    private final boolean openMetrics;

    MetricsHandler(Vertx vertx, Supplier<List<MetricFamily>> families, boolean openMetrics) {
        this(vertx, families, ExpositionFormat::writer, openMetrics);
    }

    /** With a writer lookup of the test's choosing. */
    MetricsHandler(Vertx vertx, Supplier<List<MetricFamily>> families,
                   Function<ExpositionFormat, ExpositionWriter> writers, boolean openMetrics) {
        this.vertx = vertx;
        this.families = families;
        this.writers = writers;
        this.openMetrics = openMetrics;
    }

    /** What a request asks for: the format and whether the body is gzipped. */
    record Choice(ExpositionFormat format, boolean gzip) {
        static Choice of(String accept, String acceptEncoding, boolean openMetrics) {
            return new Choice(Negotiation.choose(accept, openMetrics), Negotiation.acceptsGzip(acceptEncoding));
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        Choice choice = Choice.of(ctx.request().getHeader(HttpHeaders.ACCEPT),
                ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING), openMetrics);
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, choice.format().contentType())
                .putHeader(HttpHeaders.VARY, "Accept, Accept-Encoding");
        if (choice.gzip()) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        vertx.executeBlocking(() -> {
            render(choice, new ResponseStream(response));
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

    /**
     * Writes the families as {@code choice} says to {@code out}, which it leaves open: the caller ends
     * the response only when this returns. A large body is rendered in two halves at once: the second
     * on another thread, kept in pieces until the first has been sent.
     */
    void render(Choice choice, OutputStream out) throws IOException {
        RenderedFamilies memory = rendered.computeIfAbsent(choice.format(), f -> new RenderedFamilies(writers.apply(f)));
        ExpositionWriter writer = memory.writer();
        RenderedFamilies.Round firstRound = memory.round();
        RenderedFamilies.Round secondRound = memory.round();
        List<MetricFamily> all = families.get();
        int split = secondHalf(all);
        CompletableFuture<List<ByteSink>> second = split == all.size() ? null
                : CompletableFuture.supplyAsync(() -> pieces(secondRound, all.subList(split, all.size())), RENDERERS);
        try {
            GZIPOutputStream gzip = choice.gzip() ? new GZIPOutputStream(out, PIECE_BYTES) : null;
            OutputStream body = gzip != null ? gzip : out;
            ByteSink sink = new ByteSink(PIECE_BYTES + PIECE_BYTES / 4);
            for (MetricFamily f : all.subList(0, split)) {
                firstRound.write(f, sink);
                if (sink.size() >= PIECE_BYTES) {
                    sink.writeTo(body);
                    sink.reset();
                }
            }
            if (second != null) {
                sink.writeTo(body);
                sink.reset();
                for (ByteSink piece : second.join()) {
                    piece.writeTo(body);
                }
            }
            writer.finish(sink);
            sink.writeTo(body);
            if (gzip != null) {
                gzip.finish(); // the trailer, only for a body rendered whole
            }
            memory.keep(firstRound, secondRound);
        } catch (IOException | RuntimeException e) {
            if (second != null) {
                second.cancel(false);
            }
            throw e;
        }
    }

    /** Where the second half of the series starts, or the end when the body is too small to split. */
    private static int secondHalf(List<MetricFamily> families) {
        long total = 0;
        for (MetricFamily f : families) {
            total += f.metrics().size();
        }
        if (total < PARALLEL_SERIES) {
            return families.size();
        }
        long seen = 0;
        for (int i = 0; i < families.size(); i++) {
            seen += families.get(i).metrics().size();
            if (seen >= total / 2) {
                return i + 1;
            }
        }
        return families.size();
    }

    private static List<ByteSink> pieces(RenderedFamilies.Round round, List<MetricFamily> families) {
        List<ByteSink> pieces = new ArrayList<>();
        ByteSink sink = new ByteSink(PIECE_BYTES + PIECE_BYTES / 4);
        for (MetricFamily f : families) {
            round.write(f, sink);
            if (sink.size() >= PIECE_BYTES) {
                pieces.add(sink);
                sink = new ByteSink(PIECE_BYTES + PIECE_BYTES / 4);
            }
        }
        pieces.add(sink);
        return pieces;
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
