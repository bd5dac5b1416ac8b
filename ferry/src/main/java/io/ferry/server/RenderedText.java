package io.ferry.server;

import io.ferry.exposition.ExpositionWriter;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each family rendered to in one text format, kept from one {@code GET /metrics} to the next
 * with where each of its lists' lines lie ({@link MetricFamily#endToEnd}), and shared by the format's
 * plain and gzipped bodies. A family merged from the groups that pushed its name is a new family
 * whenever one of them pushes; it is then written from the lines of the lists it had last time,
 * copied, and those of the new lists alone, rendered.
 *
 * <pre>{@code
 * RenderedText.Use use = text.use();
 * send(use.text(family, family.endToEnd(), scratch)); // last time's bytes when family is the same object
 * use.touch(other);                                   // other's text kept, though not read
 * text.keep(use);                                     // what the next render may reuse
 * }</pre>
 *
 * <p>Families are matched by identity, as in {@link RenderedFamilies}, and so are lists, within a
 * family of the same name and type, whose lines carry them: stored families are immutable and a group
 * that did not change serves the very same lists. Only the families the last render used are
 * remembered, so the memory is about one body in this format (about 60 bytes a series) and an
 * {@code int} for each list.
 *
 * <p>Thread-safe: uses may run at once, each reading what was last kept; the last {@link #keep} wins
 * (a family another one kept is rendered again when next needed).
 */
final class RenderedText {
    private final ExpositionWriter writer;
    /** What the last kept render wrote of each family, by name. */
    private volatile Map<String, Text> byName = Map.of();

    /** @param writer one that {@link ExpositionWriter#writesSeriesApart writes series apart} */
    RenderedText(ExpositionWriter writer) {
        if (!writer.writesSeriesApart()) {
            throw new IllegalArgumentException(writer.contentType() + " writes each family whole");
        }
        this.writer = writer;
    }

    /**
     * A family's text: its header, then the lines of {@code lists[i]} from {@code bounds[i]} to
     * {@code bounds[i + 1]}; bounds null when not known.
     */
    private record Text(MetricFamily family, byte[] bytes, List<List<Metric>> lists, int[] bounds) {
        /** Where each list is in {@link #lists}. */
        Map<List<Metric>, Integer> index() {
            Map<List<Metric>, Integer> index = new IdentityHashMap<>(lists.size() * 2);
            for (int i = 0; i < lists.size(); i++) {
                index.put(lists.get(i), i);
            }
            return index;
        }
    }

    /** Whether any of {@code lists} is among {@code last}'s. */
    private static boolean sharesAList(List<List<Metric>> lists, Map<List<Metric>, Integer> last) {
        if (last.isEmpty()) {
            return false;
        }
        for (List<Metric> list : lists) {
            if (last.containsKey(list)) {
                return true;
            }
        }
        return false;
    }

    /** Where each list's lines end in {@code text}, one line a series after the header; null unless every list is plain. */
    private static int[] lineBounds(List<List<Metric>> lists, byte[] text, int header) {
        for (List<Metric> list : lists) {
            if (!MetricFamily.isPlain(list)) {
                return null;
            }
        }
        int[] bounds = new int[lists.size() + 1];
        bounds[0] = header;
        int at = header;
        for (int i = 0; i < lists.size(); i++) {
            for (int lines = lists.get(i).size(); lines > 0; lines--) {
                while (text[at] != '\n') {
                    at++;
                }
                at++;
            }
            bounds[i + 1] = at;
        }
        return bounds;
    }

    /** One render's use of what was kept: one thread's. */
    Use use() {
        return new Use(byName);
    }

    /** Keeps the families the uses of one body wrote, for the next; forgets the rest. */
    void keep(Use... uses) {
        Map<String, Text> all = new HashMap<>();
        for (Use u : uses) {
            all.putAll(u.written);
        }
        byName = all;
    }

    /** The families one thread writes for one body. Not thread-safe. */
    final class Use {
        private final Map<String, Text> before;
        private final Map<String, Text> written = new HashMap<>();

        private Use(Map<String, Text> before) {
            this.before = before;
        }

        /**
         * {@code family}'s text, whose series are {@code lists} put end to end: from memory when the
         * very same family was written last time; otherwise its header and each list's lines, copied
         * from last time's family of this name and type where it had the very same list. The array is
         * never changed after. {@code family} has series; {@code scratch} is overwritten.
         */
        byte[] text(MetricFamily family, List<List<Metric>> lists, ByteSink scratch) {
            Text last = before.get(family.name());
            if (last != null && last.family() == family) {
                written.put(family.name(), last);
                return last.bytes();
            }
            Map<List<Metric>, Integer> lastIndex = last != null && last.bounds() != null
                    && last.family().type() == family.type() ? last.index() : Map.of();
            if (!sharesAList(lists, lastIndex)) {
                return whole(family, lists, scratch);
            }
            // Where each list's lines are: in last time's text, or rendered now into the scratch after
            // the header; then copied once into an array of the text's size.
            int n = lists.size();
            int[] offsets = new int[n];
            boolean[] copied = new boolean[n];
            int[] bounds = new int[n + 1];
            scratch.reset();
            writer.writeHeader(family, scratch);
            bounds[0] = scratch.size();
            for (int i = 0; i < n; i++) {
                List<Metric> list = lists.get(i);
                Integer at = lastIndex.get(list);
                int length;
                if (at != null) {
                    copied[i] = true;
                    offsets[i] = last.bounds()[at];
                    length = last.bounds()[at + 1] - offsets[i];
                } else {
                    offsets[i] = scratch.size(); // the scratch may still grow: its array is read at the end
                    writer.writeSeries(family, list, scratch);
                    length = scratch.size() - offsets[i];
                }
                bounds[i + 1] = bounds[i] + length;
            }
            byte[] bytes = new byte[bounds[n]];
            System.arraycopy(scratch.array(), 0, bytes, 0, bounds[0]);
            for (int i = 0; i < n; i++) {
                System.arraycopy(copied[i] ? last.bytes() : scratch.array(), offsets[i], bytes, bounds[i],
                        bounds[i + 1] - bounds[i]);
            }
            Text text = new Text(family, bytes, List.copyOf(lists), bounds);
            written.put(family.name(), text);
            return bytes;
        }

        /**
         * {@code family} rendered in one pass, as nothing of it can be copied: faster than list by list,
         * and the code a scrape of a new store runs. Where each list's lines lie is found after, by
         * their line ends, when every series is written on one line ({@link MetricFamily#isPlain});
         * otherwise it is not known, and the family's next change renders it whole again.
         */
        private byte[] whole(MetricFamily family, List<List<Metric>> lists, ByteSink scratch) {
            scratch.reset();
            writer.writeHeader(family, scratch);
            int header = scratch.size();
            writer.writeSeries(family, family.metrics(), scratch);
            byte[] bytes = scratch.toByteArray();
            written.put(family.name(), new Text(family, bytes, List.copyOf(lists), lineBounds(lists, bytes, header)));
            return bytes;
        }

        /** Keeps {@code family}'s text for the next body when it is in memory, without reading it. */
        void touch(MetricFamily family) {
            Text last = before.get(family.name());
            if (last != null && last.family() == family) {
                written.put(family.name(), last);
            }
        }
    }
}
