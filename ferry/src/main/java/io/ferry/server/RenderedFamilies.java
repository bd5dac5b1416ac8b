package io.ferry.server;

import io.ferry.exposition.ExpositionWriter;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What each family rendered to in one format, kept from one {@code GET /metrics} to the next, so that
 * a family served again is copied rather than rendered again.
 *
 * <pre>{@code
 * RenderedFamilies text = new RenderedFamilies(PrometheusTextWriter.INSTANCE);
 * RenderedFamilies.Round round = text.round();
 * for (MetricFamily f : families) {
 *     round.write(f, sink);           // the bytes of last time when f is the very same object
 * }
 * text.keep(round);                    // what the next render may reuse
 * }</pre>
 *
 * <p>Families are matched by identity: they are immutable, and the push side serves the very same
 * objects while their groups do not change ({@code PushedFamilies} keeps them), whereas Ferry's own
 * families are collected afresh and so are rendered every time. Only the families of the last kept
 * render are remembered, so the memory is about one body in this format (about 60 bytes a series
 * in text) and a family that is no longer served is forgotten at the next render.
 *
 * <p>Thread-safe: rounds may run at once (two scrapes, or the two halves of one body); each reads
 * what was last kept and {@link #keep} publishes the last round kept.
 */
final class RenderedFamilies {
    private final ExpositionWriter writer;
    private volatile Map<MetricFamily, byte[]> kept = new IdentityHashMap<>(); // never a map that hashes a family

    RenderedFamilies(ExpositionWriter writer) {
        this.writer = writer;
    }

    ExpositionWriter writer() {
        return writer;
    }

    /** A render's use of what was kept: one thread's. */
    Round round() {
        return new Round(kept);
    }

    /** Keeps what the rounds of one body wrote, for the next body; forgets the rest. */
    void keep(Round... rounds) {
        Map<MetricFamily, byte[]> all = new IdentityHashMap<>();
        for (Round r : rounds) {
            all.putAll(r.written);
        }
        kept = all;
    }

    /** The families one thread writes for one body. Not thread-safe. */
    final class Round {
        private final Map<MetricFamily, byte[]> before;
        private final Map<MetricFamily, byte[]> written = new IdentityHashMap<>();

        private Round(Map<MetricFamily, byte[]> before) {
            this.before = before;
        }

        /** Appends {@code family} as the writer renders it: from memory when it was rendered last time. */
        void write(MetricFamily family, ByteSink sink) {
            byte[] bytes = before.get(family);
            if (bytes == null) {
                int start = sink.size();
                writer.writeFamily(family, sink);
                bytes = Arrays.copyOfRange(sink.array(), start, sink.size());
            } else {
                sink.write(bytes);
            }
            written.put(family, bytes);
        }
    }
}
