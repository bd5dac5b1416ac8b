package io.ferry.remotewrite.queue.internal;

import io.ferry.wire.ByteSink;
import io.ferry.remotewrite.queue.QueueRecord;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The payload of one queue record, one {@link QueueRecord}:
 *
 * <pre>
 * version (1 byte, 2) | samples (varint) | shard key (8 bytes, big-endian)
 * | newest timestamp (zig-zag varint) | body length (varint) | body
 * </pre>
 *
 * The sample count comes first so that a record's samples can be counted without reading the rest.
 * Version 1 (decoded sample batches) is gone: records are now bodies ready to send. Stateless and
 * thread-safe.
 */
public final class QueueRecordCodec {
    private static final byte VERSION = 2;

    private QueueRecordCodec() {
    }

    public static void encode(QueueRecord record, ByteSink out) {
        out.ensure(32 + record.body().length);
        out.write(VERSION);
        varint(record.sampleCount(), out);
        long k = record.shardKey();
        for (int b = 7; b >= 0; b--) {
            out.write((int) (k >>> (b * 8)));
        }
        varint(zigzag(record.maxTimestampMs()), out);
        varint(record.body().length, out);
        out.write(record.body());
    }

    /** The sample count of an encoded record, read from its header alone. */
    public static int sampleCount(byte[] payload) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            version(in);
            return (int) varint(in, Integer.MAX_VALUE);
        } catch (BufferUnderflowException e) {
            throw new IOException("a queue record too short for its header");
        }
    }

    /** Decodes one payload; {@link IOException} when the bytes are not one record. */
    public static QueueRecord decode(byte[] payload) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            version(in);
            int samples = (int) varint(in, Integer.MAX_VALUE);
            if (samples < 1) {
                throw new IOException("a queue record of " + samples + " samples");
            }
            long key = in.getLong();
            long newest = unzigzag(varint(in, Long.MAX_VALUE));
            int length = (int) varint(in, Integer.MAX_VALUE);
            if (length != in.remaining()) {
                throw new IOException("the header says a body of " + length + " bytes, " + in.remaining() + " follow");
            }
            byte[] body = Arrays.copyOfRange(payload, in.position(), payload.length);
            return new QueueRecord(body, samples, key, newest);
        } catch (BufferUnderflowException e) {
            throw new IOException("a queue record cut short inside its header");
        }
    }

    private static void version(ByteBuffer in) throws IOException {
        byte v = in.get();
        if (v != VERSION) {
            throw new IOException("unknown queue record version " + v + (v == 1 ? " (a decoded batch, written by an "
                    + "older Ferry; remove the queue directory to start afresh)" : ""));
        }
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
