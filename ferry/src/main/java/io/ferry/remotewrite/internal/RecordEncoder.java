package io.ferry.remotewrite.internal;

import io.ferry.wire.ByteSink;
import io.ferry.model.Labels;
import io.ferry.model.SeriesRef;
import io.ferry.relabel.RelabelScratch;
import io.ferry.relabel.Relabeler;
import io.ferry.remotewrite.SnappyBody;
import io.ferry.remotewrite.WriteRequestEncoder;
import io.ferry.remotewrite.queue.QueueRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Turns one commit's samples into the queue records of one remote_write: applies
 * {@code write_relabel_configs}, adds the external labels a series lacks, and cuts the samples, in
 * order, into {@code WriteRequest}s of at most {@code max_samples_per_send} samples, each
 * snappy-compressed into a record of its own.
 *
 * <p>When {@code write_relabel_configs} make two series of a commit one, the later sample at the
 * same timestamp is dropped and counted ({@link SendStats#droppedAsDuplicate}): a receiver may
 * refuse a whole request that gives a series twice at one time (a 4xx, which is not retried, so
 * every sample of the request would be lost). Without write relabeling the series of a commit are
 * distinct already (the scraper stores each once), and nothing is compared.
 *
 * <p>Thread-safe: commits from many threads each borrow a scratch (encoder, buffers, UTF-8 cache,
 * relabel memory) from a pool, so the caches stay warm without one per thread.
 */
public final class RecordEncoder {
    private final Relabeler relabeler;
    private final Labels external;
    private final int maxSamplesPerSend;
    private final ConcurrentLinkedDeque<Scratch> pool = new ConcurrentLinkedDeque<>();

    private final class Scratch {
        final WriteRequestEncoder encoder = new WriteRequestEncoder(new ByteSink(1 << 16));
        final SnappyBody body = new SnappyBody();
        final RelabelScratch relabel = relabeler.newScratch();
        /** The label fields and timestamps of the commit being encoded, when relabeling can merge series. */
        final Set<SentSample> sent = new HashSet<>();
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
    }

    /**
     * The records for samples {@code 0 .. n)}; adds the samples dropped by relabeling to
     * {@code stats}. A sample with a {@link SeriesRef} ({@code refs[i]} not null) reuses the label
     * fields this encoder made for the ref before, and leaves them on the ref for the next time.
     */
    public List<QueueRecord> encode(long key, Labels[] series, SeriesRef[] refs, long[] timestampsMs, double[] values,
                                    int n, SendStats stats) {
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
                SeriesRef ref = refs == null ? null : refs[i];
                if (ref != null || merging) {
                    byte[] fields = ref != null ? labelFields(ref, s) : fieldsOf(relabel(series[i], s), s);
                    if (fields == null) {
                        dropped++;
                        continue;
                    }
                    if (merging && !s.sent.add(new SentSample(ByteBuffer.wrap(fields), timestampsMs[i]))) {
                        duplicates++;
                        continue;
                    }
                    enc.series(fields, values[i], timestampsMs[i]);
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

    /** The label fields of relabeled labels {@code l} (null when relabeling dropped the series: null). */
    private byte[] fieldsOf(Labels l, Scratch s) {
        return l == null ? null : s.encoder.labelFields(l, external);
    }

    /** The ref's label fields as this encoder writes them, made once; null when write relabeling drops it. */
    private byte[] labelFields(SeriesRef ref, Scratch s) {
        Derived first = ref.derived() instanceof Derived d ? d : null;
        for (Derived d = first; d != null; d = d.next) {
            if (d.owner == this) {
                return d.fields;
            }
        }
        byte[] fields = fieldsOf(relabel(ref.labels(), s), s);
        ref.derived(new Derived(this, fields, Derived.trim(first)));
        return fields;
    }

    /**
     * What encoders keep on a ref: one entry per encoder (one per remote_write), newest first. A
     * reload replaces encoders, so the chain is cut to a few entries and stale ones fall off.
     */
    private record Derived(RecordEncoder owner, byte[] fields, Derived next) {
        private static final int KEEP = 4;

        static Derived trim(Derived d) {
            return trim(d, KEEP - 1);
        }

        private static Derived trim(Derived d, int left) {
            return d == null || left == 0 ? null : new Derived(d.owner, d.fields, trim(d.next, left - 1));
        }
    }

    private static QueueRecord cut(Scratch s, long key, long newest) {
        s.body.compress(s.encoder.sink());
        QueueRecord r = new QueueRecord(Arrays.copyOf(s.body.array(), s.body.length()), s.encoder.sampleCount(), key, newest);
        s.encoder.reset();
        return r;
    }
}
