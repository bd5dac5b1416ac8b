package io.ferry.server;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ExpositionWriter;
import io.ferry.exposition.Negotiation;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;
import io.ferry.wire.GzipPieces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The body of {@code GET /metrics}: what Ferry serves (its own metrics and the pushed groups) in the
 * format and encoding a request chose. One per server, shared by the handlers of every event loop,
 * so that what it remembers serves every connection.
 *
 * <p>The body is rendered a family at a time and handed on as it grows: a large store never needs
 * its whole exposition in one array, and sending overlaps rendering. From {@value #PARALLEL_SERIES}
 * series on, a second thread renders the second half meanwhile.
 *
 * <p>Each format and encoding remembers what every family of the last body rendered to
 * ({@link RenderedFamilies}): the pushed families that did not change since are sent from memory,
 * not rendered or compressed again, which makes a scrape of a large, quiet store cheap from the first
 * repeat on, whatever the JIT has compiled yet. That memory costs about one body per format and
 * encoding asked for (a gzipped one about a tenth of a plain one). A large family is handed to the
 * connection in the very array the memory keeps ({@link Parts}); small ones are copied together into
 * pieces of about {@value #PIECE_BYTES} bytes. A scrape then allocates little beyond what changed.
 *
 * <p><b>Rendered ahead.</b> {@link #renderAhead} renders, sending nothing, what the last scrapes
 * asked for, so that the next scrape finds the families that changed since already rendered
 * ({@link RenderAhead} calls it once the pushed groups stop changing).
 *
 * <p>Thread-safe: renders of different choices may run at once; those of one choice run one after
 * another, so that a scrape arriving during a render ahead waits for it and then sends what it
 * rendered, rather than render the same families beside it.
 */
final class MetricsBody {
    static final int PIECE_BYTES = 256 * 1024;
    /** A family rendered to at least this many bytes is sent as its own piece. */
    static final int OWN_PIECE_BYTES = 32 * 1024;
    /** Bodies of at least this many series are rendered by two threads. */
    static final int PARALLEL_SERIES = 20_000;
    /** Renders second halves; its threads end when idle. */
    private static final ExecutorService RENDERERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("ferry-metrics-render-", 0).daemon(true).factory());

    private final Supplier<List<MetricFamily>> families;
    private final Function<ExpositionFormat, ExpositionWriter> writers;
    /** By choice, made when first asked for; each also the lock its renders hold. */
    private final Map<Choice, RenderedFamilies> rendered = new ConcurrentHashMap<>();
    private final boolean openMetrics;
    /** What scrapes asked for since the last render ahead. */
    private final Set<Choice> askedSinceAhead = ConcurrentHashMap.newKeySet();
    /**
     * What the last render ahead rendered. Until a scrape asks: text 0.0.4, plain (a request without
     * headers, such as curl's) and gzipped (what Prometheus and most scrapers ask for).
     */
    private volatile Set<Choice> aheadChoices;
    private final AtomicLong scrapes = new AtomicLong();

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
        this.aheadChoices = Set.of(choose(null, null), choose(null, "gzip"));
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
     * Where a body goes, in order. Each array is handed over: the body never changes one after passing
     * it on, so the receiver may keep or send it as it is rather than copy it.
     */
    @FunctionalInterface
    interface Parts {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /**
     * Writes the families as {@code choice} says to {@code out}, for a scrape: the caller ends the
     * response only when this returns. A large body is rendered in two halves at once: the second on
     * another thread, kept until the first has been sent.
     */
    void render(Choice choice, Parts out) throws IOException {
        scrapes.incrementAndGet();
        askedSinceAhead.add(choice);
        renderInto(choice, families, out); // collected once the lock is held: what is served then
    }

    /**
     * Renders, sending nothing, each choice the scrapes since the last call asked for (when none did,
     * those of the last call; before any scrape, plain and gzipped text 0.0.4), so that the next
     * scrape of each sends from memory what changed until now. The families are collected once for
     * all of them. On the caller's thread.
     */
    void renderAhead() throws IOException {
        Set<Choice> asked = Set.copyOf(askedSinceAhead);
        askedSinceAhead.removeAll(asked);
        if (!asked.isEmpty()) {
            aheadChoices = asked;
        }
        List<MetricFamily> all = families.get();
        for (Choice c : aheadChoices) {
            renderInto(c, () -> all, (bytes, offset, length) -> { });
        }
    }

    /** How many scrapes {@link #render} has served: renders ahead not counted. */
    long scrapes() {
        return scrapes.get();
    }

    private void renderInto(Choice choice, Supplier<List<MetricFamily>> collect, Parts out) throws IOException {
        RenderedFamilies memory = rendered.computeIfAbsent(choice, c -> new RenderedFamilies(writers.apply(c.format()), c.gzip()));
        synchronized (memory) {
            renderInto(memory, choice, collect.get(), out);
        }
    }

    private void renderInto(RenderedFamilies memory, Choice choice, List<MetricFamily> all, Parts out)
            throws IOException {
        int split = secondHalf(all);
        try (RenderedFamilies.Round firstRound = memory.round(); RenderedFamilies.Round secondRound = memory.round()) {
            CompletableFuture<List<Part>> second = split == all.size() ? null
                    : CompletableFuture.supplyAsync(() -> parts(secondRound, all.subList(split, all.size())), RENDERERS);
            try {
                Gatherer body = new Gatherer(out);
                if (choice.gzip()) {
                    body.add(GzipPieces.HEADER);
                }
                for (MetricFamily f : all.subList(0, split)) {
                    body.add(firstRound.write(f));
                }
                GzipPieces.Sum sum = new GzipPieces.Sum();
                sum.add(firstRound.sum());
                if (second != null) {
                    body.flush();
                    for (Part p : second.join()) {
                        out.write(p.bytes(), 0, p.length());
                    }
                    sum.add(secondRound.sum());
                }
                try (RenderedFamilies.Round endRound = memory.round()) {
                    body.add(endRound.end());
                    sum.add(endRound.sum());
                }
                if (choice.gzip()) {
                    body.add(sum.trailer()); // only for a body rendered whole
                }
                body.flush();
                memory.keep(firstRound, secondRound);
            } catch (IOException | RuntimeException e) {
                if (second != null) {
                    // Bounded work in memory; its round's compressor may be freed only once it is done.
                    second.handle((parts, failure) -> null).join();
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

    /** The second half's parts, gathered as the first half's are, kept until it has been sent. */
    private static List<Part> parts(RenderedFamilies.Round round, List<MetricFamily> families) {
        List<Part> parts = new ArrayList<>();
        Gatherer gatherer = new Gatherer((bytes, offset, length) -> parts.add(new Part(bytes, length)));
        try {
            for (MetricFamily f : families) {
                gatherer.add(round.write(f));
            }
            gatherer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the list takes every part
        }
        return parts;
    }

    /** An array handed over, of which the first {@code length} bytes are the body's. */
    private record Part(byte[] bytes, int length) {
    }

    /**
     * Passes a body's parts on: one of at least {@value #OWN_PIECE_BYTES} bytes (a large family) as it
     * is, smaller ones copied together into pieces of about {@value #PIECE_BYTES} bytes, so that a
     * large body is sent from the arrays the render memory keeps, not from copies of them, and a body
     * of many small families is not sent a family at a time. Not thread-safe.
     */
    private static final class Gatherer {
        private final Parts out;
        private ByteSink piece;

        Gatherer(Parts out) {
            this.out = out;
        }

        /** {@code part}, which is never changed after. */
        void add(byte[] part) throws IOException {
            if (part.length >= OWN_PIECE_BYTES) {
                flush();
                out.write(part, 0, part.length);
                return;
            }
            if (piece == null) {
                // Grown as small families come: a body of Ferry's own families alone fits the first size.
                piece = new ByteSink(OWN_PIECE_BYTES);
            }
            piece.write(part);
            if (piece.size() >= PIECE_BYTES) {
                flush();
            }
        }

        /** Passes on the piece being gathered, if any; the next part starts a new one. */
        void flush() throws IOException {
            if (piece != null && piece.size() > 0) {
                out.write(piece.array(), 0, piece.size());
            }
            piece = null;
        }
    }
}
