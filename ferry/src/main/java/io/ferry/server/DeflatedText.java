package io.ferry.server;

import io.ferry.model.Metric;
import io.ferry.wire.GzipPieces;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Families' text ({@link RenderedText.Text}) deflated in chunks of whole lists, kept from one gzipped
 * {@code GET /metrics} to the next: a family merged from many groups, one of which pushed again, is
 * deflated again in the chunk that holds that group's lines alone.
 *
 * <pre>{@code
 * DeflatedText.Use use = gzipped.use();
 * GzipPieces.Piece piece = use.deflate(text, deflater); // chunks whose lists did not change: from memory
 * gzipped.keep(use);
 * }</pre>
 *
 * <p><b>Chunks.</b> From {@value #MIN_CHUNK} bytes on, a chunk ends after a list whose identity hash
 * has its low three bits clear, and at {@value #MAX_CHUNK} bytes at the latest: where a chunk ends
 * depends on the lists there, not on offsets, so a group pushed again, added or deleted changes the
 * chunk that holds it (now and then the next too) and no other. Deflate looks back 32 KiB at most,
 * so chunks of at least that compress about as well as the family deflated whole. The header is
 * deflated apart, at each render: a few dozen bytes. A chunk is matched by the very lists it holds,
 * whose lines do not change.
 *
 * <p>Thread-safe as {@link RenderedFamilies}: a use is one thread's; {@link #keep} publishes what the
 * uses of one body deflated, and forgets the rest.
 */
final class DeflatedText {
    static final int MIN_CHUNK = 64 * 1024;
    static final int MAX_CHUNK = 512 * 1024;

    private volatile Map<List<Metric>, Chunk> kept = new IdentityHashMap<>();

    /** Lists put end to end and their lines deflated. */
    private record Chunk(List<List<Metric>> lists, GzipPieces.Piece piece) {
        boolean holds(List<List<Metric>> all, int from, int to) {
            if (lists.size() != to - from) {
                return false;
            }
            for (int i = from; i < to; i++) {
                if (lists.get(i - from) != all.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One render's use of what was kept: one thread's. */
    Use use() {
        return new Use(kept);
    }

    /** Keeps the chunks the uses of one body deflated or reused, for the next; forgets the rest. */
    void keep(Use... uses) {
        Map<List<Metric>, Chunk> all = new IdentityHashMap<>();
        for (Use u : uses) {
            all.putAll(u.written);
        }
        kept = all;
    }

    /** The chunks one thread deflates for one body. Not thread-safe. */
    final class Use {
        private final Map<List<Metric>, Chunk> before;
        /** By each chunk's first list. */
        private final Map<List<Metric>, Chunk> written = new IdentityHashMap<>();

        private Use(Map<List<Metric>, Chunk> before) {
            this.before = before;
        }

        /** {@code text} deflated: its header, then its lists in chunks, those of last time from memory. */
        GzipPieces.Piece deflate(RenderedText.Text text, Deflater deflater) {
            int[] bounds = text.bounds();
            List<List<Metric>> lists = text.lists();
            List<GzipPieces.Piece> pieces = new ArrayList<>();
            pieces.add(GzipPieces.deflate(text.bytes(), 0, bounds[0], deflater));
            int from = 0;
            for (int i = 0; i < lists.size(); i++) {
                int size = bounds[i + 1] - bounds[from];
                if (i == lists.size() - 1 || size >= MAX_CHUNK
                        || size >= MIN_CHUNK && (System.identityHashCode(lists.get(i)) & 7) == 0) {
                    pieces.add(chunk(text, from, i + 1, deflater));
                    from = i + 1;
                }
            }
            return pieces.size() == 1 ? pieces.getFirst() : GzipPieces.join(pieces);
        }

        private GzipPieces.Piece chunk(RenderedText.Text text, int from, int to, Deflater deflater) {
            List<Metric> first = text.lists().get(from);
            Chunk chunk = before.get(first);
            if (chunk == null || !chunk.holds(text.lists(), from, to)) {
                int[] bounds = text.bounds();
                chunk = new Chunk(List.copyOf(text.lists().subList(from, to)),
                        GzipPieces.deflate(text.bytes(), bounds[from], bounds[to] - bounds[from], deflater));
            }
            written.put(first, chunk);
            return chunk.piece();
        }
    }
}
