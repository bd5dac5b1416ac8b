package io.ferry.server;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ExpositionWriter;
import io.ferry.exposition.Negotiation;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;
import io.ferry.wire.GzipPieces;

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

/**
 * The body of {@code GET /metrics}: what Ferry serves (its own metrics and the pushed groups) in the
 * format and encoding a request chose. One per server, shared by the handlers of every event loop,
 * so that what it remembers serves every connection.
 *
 * <p>The body is rendered a few families at a time and handed on in pieces of about
 * {@value #PIECE_BYTES} bytes as it grows: a large store never needs its whole exposition in one
 * array, and sending overlaps rendering. From {@value #PARALLEL_SERIES} series on, a second thread
 * renders the second half meanwhile.
 *
 * <p>Each format and encoding remembers what every family of the last body rendered to
 * ({@link RenderedFamilies}): the pushed families that did not change since are copied, not
 * rendered or compressed again, which makes a scrape of a large, quiet store cheap from the first
 * repeat on, whatever the JIT has compiled yet. That memory costs about one body per format and
 * encoding asked for (a gzipped one about a tenth of a plain one).
 *
 * <p>Thread-safe: renders may run at once.
 */
final class MetricsBody {
    static final int PIECE_BYTES = 256 * 1024;
    /** Bodies of at least this many series are rendered by two threads. */
    static final int PARALLEL_SERIES = 20_000;
    /** Renders second halves; its threads end when idle. */
    private static final ExecutorService RENDERERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("ferry-metrics-render-", 0).daemon(true).factory());

    private final Supplier<List<MetricFamily>> families;
    private final Function<ExpositionFormat, ExpositionWriter> writers;
    /** By choice, made when first asked for. */
    private final Map<Choice, RenderedFamilies> rendered = new ConcurrentHashMap<>();
    private final boolean openMetrics;

    /**
     * @param families    what is served, collected at each render
     * @param openMetrics whether OpenMetrics is offered ({@code --web.enable-openmetrics})
     */
    MetricsBody(Supplier<List<MetricFamily>> families, boolean openMetrics) {
        this(families, ExpositionFormat::writer, openMetrics);
    }

    /** With a writer lookup of the test's choosing. */
    MetricsBody(Supplier<List<MetricFamily>> families, Function<ExpositionFormat, ExpositionWriter> writers,
                boolean openMetrics) {
        this.families = families;
        this.writers = writers;
        this.openMetrics = openMetrics;
    }

    /** What a request asks for: the format and whether the body is gzipped. */
    record Choice(ExpositionFormat format, boolean gzip) {
    }

    /**
     * The format the {@code Accept} header prefers (text 0.0.4 when it names none Ferry serves), gzipped
     * when {@code Accept-Encoding} allows it. OpenMetrics is offered only when enabled, as the
     * Pushgateway never offers it: the format decides the {@code le} and {@code quantile} values
     * Prometheus 2 stores.
     */
    Choice choose(String accept, String acceptEncoding) {
        return new Choice(Negotiation.choose(accept, openMetrics), Negotiation.acceptsGzip(acceptEncoding));
    }

    /**
     * Writes the families as {@code choice} says to {@code out}, which it leaves open: the caller ends
     * the response only when this returns. A large body is rendered in two halves at once: the second
     * on another thread, kept in pieces until the first has been sent.
     */
    void render(Choice choice, OutputStream out) throws IOException {
        RenderedFamilies memory = rendered.computeIfAbsent(choice, c -> new RenderedFamilies(writers.apply(c.format()), c.gzip()));
        List<MetricFamily> all = families.get();
        int split = secondHalf(all);
        try (RenderedFamilies.Round firstRound = memory.round(); RenderedFamilies.Round secondRound = memory.round()) {
            CompletableFuture<List<ByteSink>> second = split == all.size() ? null
                    : CompletableFuture.supplyAsync(() -> pieces(secondRound, all.subList(split, all.size())), RENDERERS);
            try {
                if (choice.gzip()) {
                    out.write(GzipPieces.HEADER);
                }
                ByteSink sink = new ByteSink(PIECE_BYTES + PIECE_BYTES / 4);
                for (MetricFamily f : all.subList(0, split)) {
                    firstRound.write(f, sink);
                    if (sink.size() >= PIECE_BYTES) {
                        sink.writeTo(out);
                        sink.reset();
                    }
                }
                GzipPieces.Sum sum = new GzipPieces.Sum();
                sum.add(firstRound.sum());
                if (second != null) {
                    sink.writeTo(out);
                    sink.reset();
                    for (ByteSink piece : second.join()) {
                        piece.writeTo(out);
                    }
                    sum.add(secondRound.sum());
                }
                try (RenderedFamilies.Round endRound = memory.round()) {
                    endRound.end(sink);
                    sum.add(endRound.sum());
                }
                if (choice.gzip()) {
                    sink.write(sum.trailer()); // only for a body rendered whole
                }
                sink.writeTo(out);
                memory.keep(firstRound, secondRound);
            } catch (IOException | RuntimeException e) {
                if (second != null) {
                    // Bounded work in memory; its round's compressor may be freed only once it is done.
                    second.handle((pieces, failure) -> null).join();
                }
                throw e;
            }
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
}
