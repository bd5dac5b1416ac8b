package io.ferry.server;

import io.ferry.exposition.ExpositionWriter;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;
import io.ferry.wire.GzipPieces;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * What each family rendered to in one format, plain or gzipped, kept from one {@code GET /metrics}
 * to the next, so that a family served again is copied rather than rendered (and compressed) again.
 *
 * <pre>{@code
 * RenderedFamilies text = new RenderedFamilies(PrometheusTextWriter.INSTANCE, false);
 * try (RenderedFamilies.Round round = text.round()) {
 *     for (MetricFamily f : families) {
 *         send(round.write(f));       // the bytes of last time when f is the very same object
 *     }
 *     send(round.end());
 *     text.keep(round);               // what the next render may reuse
 * }
 * }</pre>
 *
 * <p>Families are matched by identity: they are immutable, and the push side serves the very same
 * objects while their groups do not change ({@code PushedFamilies} keeps them), as do the producers'
 * last-seen times while no producer changes; Ferry's other own families are collected afresh and so
 * are rendered every time. Only the families of the last kept render are remembered, so the memory
 * is about one body in this encoding (about 60 bytes a series in plain text, a tenth of that
 * gzipped), and a family that is no longer served is forgotten at the next render.
 *
 * <p>Gzipped, each family is deflated apart ({@link GzipPieces}): a round writes deflate blocks only,
 * and sums their CRC-32 and length; the caller writes {@link GzipPieces#HEADER} before them and the
 * rounds' {@link GzipPieces.Sum#trailer} after.
 *
 * <p>Beside that memory, up to {@value #SPARE_SCRATCH} scratch sinks are kept, each as large as the largest family
 * rendered (none over {@value #SPARE_SCRATCH_BYTES} bytes).
 *
 * <p>Thread-safe: rounds may run at once (the two halves of one body; {@link MetricsBody} renders
 * one body of a choice at a time); each reads what was last kept and {@link #keep} publishes the
 * last round kept.
 */
final class RenderedFamilies {
    /** Spare scratch sinks kept at most: a body's two halves render at once. */
    private static final int SPARE_SCRATCH = 2;
    /** A scratch sink grown past this many bytes is dropped when its round closes, not kept. */
    private static final int SPARE_SCRATCH_BYTES = 4 * 1024 * 1024;
    /** What a series is expected to render to, at least: a name, a few labels and a value. */
    private static final int EXPECTED_SERIES_BYTES = 64;

    private final ExpositionWriter writer;
    private final boolean gzip;
    /** Plain: the bytes each kept family rendered to; never a map that hashes a family. */
    private volatile Map<MetricFamily, byte[]> kept = new IdentityHashMap<>();
    /** Gzipped, in place of {@link #kept}: the piece each kept family deflated to. */
    private volatile Map<MetricFamily, GzipPieces.Piece> keptPieces = new IdentityHashMap<>();
    /**
     * Scratch sinks of closed rounds, for later ones: a family is rendered into one before it is copied
     * out, and a sink grows to the largest family once rather than at every render that renders it.
     */
    private final ArrayDeque<ByteSink> spareScratch = new ArrayDeque<>(SPARE_SCRATCH);

    RenderedFamilies(ExpositionWriter writer, boolean gzip) {
        this.writer = writer;
        this.gzip = gzip;
    }

    /** The capacities of the spare scratch sinks kept for the next rounds (for tests). */
    List<Integer> spareScratchCapacities() {
        synchronized (spareScratch) {
            return spareScratch.stream().map(sink -> sink.array().length).toList();
        }
    }

    /** A render's use of what was kept: one thread's. Close it to free its compressor. */
    Round round() {
        return new Round(keptPieces, kept);
    }

    /** Keeps what the rounds of one body wrote, for the next body; forgets the rest. */
    void keep(Round... rounds) {
        Map<MetricFamily, byte[]> all = new IdentityHashMap<>();
        Map<MetricFamily, GzipPieces.Piece> pieces = new IdentityHashMap<>();
        for (Round r : rounds) {
            all.putAll(r.written);
            pieces.putAll(r.writtenPieces);
        }
        keptPieces = pieces;
        kept = all;
    }

    /** The families one thread writes for one body. Not thread-safe. */
    final class Round implements AutoCloseable {
        private final Map<MetricFamily, GzipPieces.Piece> beforePieces;
        private final Map<MetricFamily, byte[]> before;
        private final Map<MetricFamily, byte[]> written = new IdentityHashMap<>();
        private final Map<MetricFamily, GzipPieces.Piece> writtenPieces = new IdentityHashMap<>();
        private final GzipPieces.Sum sum = new GzipPieces.Sum();
        private ByteSink scratch;
        private Deflater deflater;

        private Round(Map<MetricFamily, GzipPieces.Piece> beforePieces, Map<MetricFamily, byte[]> before) {
            this.beforePieces = beforePieces;
            this.before = before;
        }

        /**
         * {@code family} as the writer renders it (deflated when gzipped): from memory when it was
         * rendered last time. The array is the family's bytes alone and is never changed: the caller
         * may hand it on as it is.
         */
        byte[] write(MetricFamily family) {
            if (!gzip) {
                byte[] bytes = before.get(family);
                if (bytes == null) {
                    bytes = rendered(family).toByteArray();
                }
                written.put(family, bytes);
                return bytes;
            }
            GzipPieces.Piece piece = beforePieces.get(family);
            if (piece == null) {
                piece = deflate(rendered(family));
            }
            writtenPieces.put(family, piece);
            sum.add(piece);
            return piece.deflated();
        }

        /** What ends a body in this format ({@link ExpositionWriter#finish}), deflated when gzipped; often empty. */
        byte[] end() {
            // A few bytes at most: not a spare scratch sink, which a round rendering families should get.
            ByteSink ending = new ByteSink(16);
            writer.finish(ending);
            if (!gzip || ending.size() == 0) {
                return ending.toByteArray();
            }
            GzipPieces.Piece piece = deflate(ending);
            sum.add(piece);
            return piece.deflated();
        }

        /** With gzip: the CRC-32 and length of what this round wrote, uncompressed. */
        GzipPieces.Sum sum() {
            return sum;
        }

        @Override
        public void close() {
            if (deflater != null) {
                deflater.end();
            }
            if (scratch != null && scratch.array().length <= SPARE_SCRATCH_BYTES) {
                synchronized (spareScratch) {
                    if (spareScratch.size() < SPARE_SCRATCH) {
                        spareScratch.push(scratch);
                    }
                }
            }
            scratch = null;
        }

        /** The family rendered into this round's scratch, which the next use overwrites. */
        private ByteSink rendered(MetricFamily family) {
            ByteSink sink = scratch();
            // Sized for the family at once, rather than doubled up to it copy by copy at the first render.
            long expected = Math.min(SPARE_SCRATCH_BYTES, (long) family.metrics().size() * EXPECTED_SERIES_BYTES);
            if (sink.array().length < expected) {
                scratch = sink = new ByteSink((int) expected);
            }
            writer.writeFamily(family, sink);
            return sink;
        }

        /** The scratch sink, emptied: a spare one when there is one. */
        private ByteSink scratch() {
            if (scratch == null) {
                synchronized (spareScratch) {
                    scratch = spareScratch.poll();
                }
                if (scratch == null) {
                    scratch = new ByteSink(64 * 1024);
                }
            }
            scratch.reset();
            return scratch;
        }

        private GzipPieces.Piece deflate(ByteSink bytes) {
            if (deflater == null) {
                deflater = GzipPieces.deflater();
            }
            return GzipPieces.deflate(bytes.array(), 0, bytes.size(), deflater);
        }
    }
}
