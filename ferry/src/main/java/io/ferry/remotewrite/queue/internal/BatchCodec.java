package io.ferry.remotewrite.queue.internal;

import io.ferry.exposition.ByteSink;
import io.ferry.model.Labels;
import io.ferry.remotewrite.queue.SampleBatch;
import io.ferry.remotewrite.queue.SeriesSamples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of one queue record, one {@link SampleBatch}:
 *
 * <pre>
 * version (1 byte, 1) | samples (varint) | series (varint)
 * per series: pairs (varint), then name and value per pair (varint length + UTF-8) | count (varint)
 *             per sample: value (8 bytes, raw IEEE-754 bits, big-endian) | timestamp (zig-zag varint,
 *             the first absolute, the rest as the difference from the one before)
 * </pre>
 *
 * A series' label set is written once per batch; the total sample count comes first so that a
 * record's samples can be counted without decoding it. Stateless and thread-safe.
 */
public final class BatchCodec {
    private static final byte VERSION = 1;

    private BatchCodec() {
    }

    public static void encode(SampleBatch batch, ByteSink out) {
        out.write(VERSION);
        varint(batch.sampleCount(), out);
        varint(batch.series().size(), out);
        for (SeriesSamples s : batch.series()) {
            Labels l = s.labels();
            varint(l.size(), out);
            for (int i = 0; i < l.size(); i++) {
                string(l.name(i), out);
                string(l.value(i), out);
            }
            varint(s.size(), out);
            long previous = 0;
            for (int i = 0; i < s.size(); i++) {
                long bits = Double.doubleToRawLongBits(s.values()[i]);
                for (int b = 7; b >= 0; b--) {
                    out.write((int) (bits >>> (b * 8)));
                }
                long t = s.timestampsMs()[i];
                varint(zigzag(t - previous), out);
                previous = t;
            }
        }
    }

    /** The sample count of an encoded batch, read from its header alone. */
    public static int sampleCount(byte[] payload) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            version(in);
            return (int) varint(in, Integer.MAX_VALUE);
        } catch (BufferUnderflowException e) {
            throw new IOException("a queue record too short for its header");
        }
    }

    /** Decodes one payload; {@link IOException} when the bytes are not one batch. */
    public static SampleBatch decode(byte[] payload) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            version(in);
            long samples = varint(in, Integer.MAX_VALUE);
            // Every series and sample takes at least a byte: counts past the payload are damage, not allocation.
            int seriesCount = (int) varint(in, in.remaining());
            List<SeriesSamples> series = new ArrayList<>(seriesCount);
            long seen = 0;
            for (int s = 0; s < seriesCount; s++) {
                int pairs = (int) varint(in, in.remaining());
                Labels.Builder b = Labels.builder();
                for (int i = 0; i < pairs; i++) {
                    if (!b.tryAdd(string(in), string(in))) {
                        throw new IOException("a repeated label name in series " + s);
                    }
                }
                int n = (int) varint(in, in.remaining() / 9);
                double[] values = new double[n];
                long[] times = new long[n];
                long previous = 0;
                for (int i = 0; i < n; i++) {
                    values[i] = Double.longBitsToDouble(in.getLong());
                    previous += unzigzag(varint(in, Long.MAX_VALUE));
                    times[i] = previous;
                }
                seen += n;
                series.add(new SeriesSamples(b.build(), values, times));
            }
            if (seen != samples) {
                throw new IOException("the header counts " + samples + " samples but the series hold " + seen);
            }
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes left after the batch");
            }
            return new SampleBatch(series);
        } catch (BufferUnderflowException e) {
            throw new IOException("a queue record cut short inside its payload");
        }
    }

    private static void version(ByteBuffer in) throws IOException {
        byte v = in.get();
        if (v != VERSION) {
            throw new IOException("unknown queue record version " + v);
        }
    }

    private static void string(String s, ByteSink out) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length, out);
        out.write(b);
    }

    private static String string(ByteBuffer in) throws IOException {
        int n = (int) varint(in, Integer.MAX_VALUE);
        if (n > in.remaining()) {
            throw new IOException("a string of " + n + " bytes where " + in.remaining() + " are left");
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void varint(long v, ByteSink out) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** An unsigned varint of at most 64 bits; for a count, {@code max} bounds it. */
    private static long varint(ByteBuffer in, long max) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (max != Long.MAX_VALUE && (v < 0 || v > max)) {
                    throw new IOException("a count of " + v + " past what the record can hold");
                }
                return v;
            }
        }
        throw new IOException("a varint longer than 10 bytes");
    }
}
