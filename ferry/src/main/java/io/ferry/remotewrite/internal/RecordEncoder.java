package io.ferry.remotewrite.internal;

import io.ferry.wire.ByteSink;
import io.ferry.model.Labels;
import io.ferry.model.LabelFields;
import io.ferry.relabel.RelabelScratch;
import io.ferry.relabel.Relabeler;
import io.ferry.remotewrite.SnappyBody;
import io.ferry.remotewrite.WriteRequestEncoder;
import io.ferry.remotewrite.queue.QueueRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Turns one commit's samples into the queue records of one remote_write: adds the external labels
 * a series lacks, applies {@code write_relabel_configs} (which see the external labels and may
 * change or drop them, as in Prometheus), and cuts the samples, in order, into
 * {@code WriteRequest}s of at most {@code max_samples_per_send} samples, each snappy-compressed
 * into a record of its own.
 *
 * <p>When {@code write_relabel_configs} make two series of a commit one, the later sample at the
 * same timestamp is dropped and counted ({@link SendStats#droppedAsDuplicate}): a receiver may
 * refuse a whole request that gives a series twice at one time (a 4xx, which is not retried, so
 * every sample of the request would be lost). Without write relabeling the series of a commit are
 * distinct already (the scraper stores each once), and nothing is compared.
 *
 * <p>Series given as {@link LabelFields} (a scrape's) are copied as they are, with the external
 * labels they lack merged in byte by byte; with {@code write_relabel_configs} they are decoded,
 * given the external labels, relabeled and encoded again for every sample.
 *
 * <p>Thread-safe: commits from many threads each borrow a scratch (encoder, buffers, UTF-8 cache,
 * relabel memory) from a pool, so the caches stay warm without one per thread.
 */
public final class RecordEncoder {
    private final Relabeler relabeler;
    private final Labels external;
    private final int maxSamplesPerSend;
    /** The external labels with a value, encoded one by one, and their names, in name order. */
    private final byte[][] externalFields;
    private final byte[][] externalNames;
    private final int externalSize;
    private final ConcurrentLinkedDeque<Scratch> pool = new ConcurrentLinkedDeque<>();

    private final class Scratch {
        final WriteRequestEncoder encoder = new WriteRequestEncoder(new ByteSink(1 << 16));
        final SnappyBody body = new SnappyBody();
        final RelabelScratch relabel = relabeler.newScratch();
        /** The label fields and timestamps of the commit being encoded, when relabeling can merge series. */
        final Set<SentSample> sent = new HashSet<>();
        /** A series' label fields with the external labels merged in. */
        byte[] merged = new byte[256];
    }

    /** A series (its encoded label fields, compared by content) at a time. */
    private record SentSample(ByteBuffer fields, long timestampMs) {
    }

    public RecordEncoder(Relabeler relabeler, Labels external, int maxSamplesPerSend) {
        if (maxSamplesPerSend < 1) {
            throw new IllegalArgumentException("max_samples_per_send must be at least 1, not " + maxSamplesPerSend);
        }
        this.relabeler = relabeler;
        this.external = external;
        this.maxSamplesPerSend = maxSamplesPerSend;
        List<byte[]> fields = new ArrayList<>();
        List<byte[]> names = new ArrayList<>();
        for (int i = 0; i < external.size(); i++) {
            if (!external.value(i).isEmpty()) {
                fields.add(LabelFields.of(Labels.of(external.name(i), external.value(i))));
                names.add(external.name(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        this.externalFields = fields.toArray(byte[][]::new);
        this.externalNames = names.toArray(byte[][]::new);
        this.externalSize = fields.stream().mapToInt(f -> f.length).sum();
    }

    /**
     * The records for samples {@code 0 .. n)}; adds the samples dropped by relabeling to
     * {@code stats}. A sample whose series {@code encoded} gives ({@code encoded} may be null) is
     * taken from its label fields, the others from {@code series}.
     */
    public List<QueueRecord> encode(long key, Labels[] series, EncodedSeries encoded, long[] timestampsMs,
                                    double[] values, int n, SendStats stats) {
        Scratch s = pool.pollFirst();
        if (s == null) {
            s = new Scratch();
        }
        try {
            List<QueueRecord> out = new ArrayList<>(1 + n / maxSamplesPerSend);
            WriteRequestEncoder enc = s.encoder;
            enc.reset();
            long newest = Long.MIN_VALUE;
            long dropped = 0;
            long duplicates = 0;
            boolean merging = !relabeler.isEmpty();
            s.sent.clear();
            for (int i = 0; i < n; i++) {
                byte[] given = encoded == null ? null : encoded.fields()[i];
                if (merging) {
                    Labels l = given != null ? LabelFields.decode(given, encoded.offsets()[i], encoded.lengths()[i]) : series[i];
                    byte[] fields = fieldsOf(relabel(l.withDefaults(external), s), s);
                    if (fields == null) {
                        dropped++;
                        continue;
                    }
                    if (!s.sent.add(new SentSample(ByteBuffer.wrap(fields), timestampsMs[i]))) {
                        duplicates++;
                        continue;
                    }
                    enc.series(fields, values[i], timestampsMs[i]);
                } else if (given != null) {
                    int offset = encoded.offsets()[i];
                    int length = encoded.lengths()[i];
                    if (externalFields.length == 0) {
                        enc.series(given, offset, length, values[i], timestampsMs[i]);
                    } else {
                        enc.series(s.merged, 0, withExternal(given, offset, length, s), values[i], timestampsMs[i]);
                    }
                } else {
                    Labels l = relabel(series[i], s);
                    if (l == null) {
                        dropped++;
                        continue;
                    }
                    enc.series(l, external, values[i], timestampsMs[i]);
                }
                newest = Math.max(newest, timestampsMs[i]);
                if (enc.sampleCount() == maxSamplesPerSend) {
                    out.add(cut(s, key, newest));
                    newest = Long.MIN_VALUE;
                }
            }
            if (enc.sampleCount() > 0) {
                out.add(cut(s, key, newest));
            }
            if (dropped > 0) {
                stats.droppedByRelabel.add(dropped);
            }
            if (duplicates > 0) {
                stats.droppedAsDuplicate.add(duplicates);
            }
            return out;
        } finally {
            s.sent.clear(); // holds label fields of the commit; the scratch outlives it in the pool
            pool.addFirst(s);
        }
    }

    private Labels relabel(Labels l, Scratch s) {
        Labels out = relabeler.isEmpty() ? l : relabeler.apply(l, s.relabel);
        return out == null || out.isEmpty() ? null : out;
    }

    /** The label fields of relabeled labels {@code l}, external labels in; null when relabeling dropped the series. */
    private byte[] fieldsOf(Labels l, Scratch s) {
        return l == null ? null : s.encoder.labelFields(l, Labels.EMPTY);
    }

    /**
     * Writes the label fields {@code f[offset .. offset + length)} with the external labels they lack
     * merged in, in name order, into the scratch's {@code merged}; returns their length. A label the
     * series has wins, as in Prometheus (the fields never hold an empty value).
     */
    private int withExternal(byte[] f, int offset, int length, Scratch s) {
        if (s.merged.length < length + externalSize) {
            s.merged = new byte[Math.max(length + externalSize, 2 * s.merged.length)];
        }
        byte[] out = s.merged;
        int q = 0;
        int p = offset;
        int end = offset + length;
        int e = 0;
        while (p < end || e < externalFields.length) {
            int c = p >= end ? -1 : e >= externalFields.length ? 1 : compareName(externalNames[e], f, p);
            if (c < 0) {
                System.arraycopy(externalFields[e], 0, out, q, externalFields[e].length);
                q += externalFields[e++].length;
                continue;
            }
            if (c == 0) {
                e++;
            }
            int next = LabelFields.next(f, p);
            System.arraycopy(f, p, out, q, next - p);
            q += next - p;
            p = next;
        }
        return q;
    }

    private static int compareName(byte[] name, byte[] f, int p) {
        int start = LabelFields.nameStart(f, p);
        return Arrays.compareUnsigned(name, 0, name.length, f, start, start + LabelFields.nameLength(f, p));
    }

    private static QueueRecord cut(Scratch s, long key, long newest) {
        s.body.compress(s.encoder.sink());
        QueueRecord r = new QueueRecord(Arrays.copyOf(s.body.array(), s.body.length()), s.encoder.sampleCount(), key, newest);
        s.encoder.reset();
        return r;
    }
}
