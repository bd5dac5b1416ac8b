package io.ferry.wire;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip body (RFC 1952) put together from pieces deflated apart, so that a piece kept from an
 * earlier body can be sent again without compressing it again.
 *
 * <pre>{@code
 * Deflater deflater = GzipPieces.deflater();
 * GzipPieces.Piece a = GzipPieces.deflate(bytesA, 0, bytesA.length, deflater);
 * GzipPieces.Sum sum = new GzipPieces.Sum();
 * out.write(GzipPieces.HEADER);
 * out.write(a.deflated()); sum.add(a);   // and so on for every piece, in order
 * out.write(sum.trailer());
 * deflater.end();
 * }</pre>
 *
 * <p>Each piece is deflated with a full flush: it starts with an empty dictionary and ends on a byte
 * boundary with no final block, so pieces put end to end are one valid deflate stream, which
 * {@link Sum#trailer} ends with an empty final block, the CRC-32 of the whole and its length. The
 * CRC of pieces put end to end is computed from theirs ({@link #combine}) without reading their
 * bytes again. Pieces are immutable; a {@link Sum} and a {@link Deflater} are one thread's.
 */
public final class GzipPieces {
    /** The member header: deflate, no name, no time, unknown OS. */
    public static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** An empty block with the final bit set: fixed Huffman codes, the end-of-block code alone. */
    private static final byte[] LAST_BLOCK = {0x03, 0x00};
    /** CRC-32's polynomial, bit-reversed, as the checksum computes it. */
    private static final int POLY = 0xedb88320;
    /** {@code X2N[k]} is x^(2^k) modulo the polynomial. */
    private static final int[] X2N = new int[32];

    static {
        int p = 1 << 30; // x^1
        X2N[0] = p;
        for (int k = 1; k < X2N.length; k++) {
            X2N[k] = p = multiply(p, p);
        }
    }

    private GzipPieces() {
    }

    /**
     * Bytes deflated apart and what they were: their CRC-32 and length.
     *
     * @param deflated the deflate blocks, ending on a byte boundary, none final
     */
    public record Piece(byte[] deflated, int crc, int length) {
    }

    /** A deflater for {@link #deflate}: the fastest level, as a scrape is compressed while it waits. */
    public static Deflater deflater() {
        return new Deflater(Deflater.BEST_SPEED, true);
    }

    /** Deflates {@code bytes[offset, offset + length)} apart from anything before it. */
    public static Piece deflate(byte[] bytes, int offset, int length, Deflater deflater) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        deflater.reset();
        deflater.setInput(bytes, offset, length);
        byte[] out = new byte[Math.max(64, length / 4)];
        int n = 0;
        while (true) {
            n += deflater.deflate(out, n, out.length - n, Deflater.FULL_FLUSH);
            if (n < out.length) {
                break; // the flush is complete only when it left room in the buffer
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        return new Piece(Arrays.copyOf(out, n), (int) crc.getValue(), length);
    }

    /** The CRC-32 and length of pieces put end to end, in the order added. */
    public static final class Sum {
        private int crc;
        private long length;

        public void add(Piece piece) {
            add(piece.crc(), piece.length());
        }

        /** Adds what another sum counted, as if its pieces followed these. */
        public void add(Sum next) {
            add(next.crc, next.length);
        }

        private void add(int nextCrc, long nextLength) {
            crc = combine(crc, nextCrc, nextLength);
            length += nextLength;
        }

        public int crc() {
            return crc;
        }

        public long length() {
            return length;
        }

        /** What follows the last piece: an empty final block, then the CRC-32 and the length modulo 2^32. */
        public byte[] trailer() {
            byte[] t = new byte[LAST_BLOCK.length + 8];
            System.arraycopy(LAST_BLOCK, 0, t, 0, LAST_BLOCK.length);
            putIntLittleEndian(t, LAST_BLOCK.length, crc);
            putIntLittleEndian(t, LAST_BLOCK.length + 4, (int) length);
            return t;
        }
    }

    /**
     * The CRC-32 of {@code A} followed by {@code B}, from {@code crcA}, {@code crcB} and the length of
     * {@code B}: crcA times x^(8 lengthB), modulo the polynomial, plus crcB (the pre- and
     * post-conditioning cancel out).
     */
    static int combine(int crcA, int crcB, long lengthB) {
        return multiply(xPower8n(lengthB), crcA) ^ crcB;
    }

    /** a times b modulo the polynomial, both bit-reversed as CRC-32 keeps them. */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int m = 1 << 31; m != 0; m >>>= 1) {
            if ((a & m) != 0) {
                product ^= b;
                if ((a & (m - 1)) == 0) {
                    break;
                }
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return product;
    }

    /** x^(8n) modulo the polynomial: x^(2^k) for each bit k of 8n. */
    private static int xPower8n(long n) {
        int p = 1 << 31; // x^0
        for (int k = 3; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                p = multiply(X2N[k & 31], p);
            }
        }
        return p;
    }

    private static void putIntLittleEndian(byte[] to, int at, int value) {
        to[at] = (byte) value;
        to[at + 1] = (byte) (value >>> 8);
        to[at + 2] = (byte) (value >>> 16);
        to[at + 3] = (byte) (value >>> 24);
    }
}
