package io.ferry.statsd.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Bytes a listener read, handed to the parse workers in one piece: either datagrams
 * ({@link Framing#PACKETS}, each parsed as a packet of lines) or a run of whole lines a TCP
 * connection sent ({@link Framing#LINES}, each line ending in {@code \n}).
 *
 * <pre>{@code
 * PacketBatch.Builder b = new PacketBatch.Builder(Framing.PACKETS);
 * b.add(datagram);              // one datagram, a ByteBuffer from its position to its limit
 * PacketBatch batch = b.take();  // a copy sized to what was added; the builder is empty again
 * }</pre>
 *
 * <p>Immutable once built; the arrays are never changed after {@link Builder#take()}.
 *
 * @param ends  for {@code PACKETS}, the end offset in {@code data} of each of the {@code count}
 *              datagrams (each starts where the one before ends); for {@code LINES}, {@code {length}}
 */
public record PacketBatch(Framing framing, byte[] data, int[] ends, int count) {

    /** How the bytes of a batch are split before parsing. */
    public enum Framing { PACKETS, LINES }

    /** The bytes of the batch, which is what the queue's budget counts. */
    public int bytes() {
        return count == 0 ? 0 : ends[count - 1];
    }

    /** A batch of whole lines, {@code data[0, len)}, copied. */
    public static PacketBatch lines(byte[] data, int len) {
        return new PacketBatch(Framing.LINES, Arrays.copyOf(data, len), new int[] {len}, 1);
    }

    /**
     * Collects datagrams into one scratch buffer, reused from batch to batch, so that reading costs
     * one copy per datagram and one per batch. Not thread-safe: one per reader thread.
     */
    public static final class Builder {
        /** The most bytes one batch holds; a UDP datagram (at most 65,535 bytes) always fits an empty one. */
        public static final int CAPACITY = 1 << 16;
        private static final int MAX_PACKETS = 1024;

        private final Framing framing;
        private final byte[] data = new byte[CAPACITY];
        private final int[] ends = new int[MAX_PACKETS];
        private int count;
        private int size;

        public Builder(Framing framing) {
            this.framing = framing;
        }

        /** Whether a datagram of {@code len} bytes fits without taking the batch first. */
        public boolean fits(int len) {
            return count < MAX_PACKETS && size + len <= CAPACITY;
        }

        /** Adds one datagram from {@code src}'s position to its limit; the caller checked {@link #fits}. */
        public void add(ByteBuffer src) {
            int len = src.remaining();
            src.get(data, size, len);
            size += len;
            ends[count++] = size;
        }

        public int count() {
            return count;
        }

        public boolean isEmpty() {
            return count == 0;
        }

        /** The datagrams added since the last take, as a batch of their own; empties the builder. */
        public PacketBatch take() {
            PacketBatch b = new PacketBatch(framing, Arrays.copyOf(data, size), Arrays.copyOf(ends, count), count);
            count = 0;
            size = 0;
            return b;
        }
    }
}
