package io.ferry.wire;

/**
 * The protobuf wire primitives that Ferry's hand-written encoders share (client_model here,
 * remote write's {@code WriteRequest} in {@code io.ferry.remotewrite}): tags, varints, fixed
 * 64-bit values, and the sizes an encoder needs to write a length prefix before the bytes it
 * measures.
 *
 * <pre>{@code
 * ProtoWire.writeTag(sink, 1, ProtoWire.LEN);
 * ProtoWire.writeVarint(sink, ProtoWire.utf8Length(name));
 * sink.writeUtf8(name);
 * }</pre>
 *
 * <p>Stateless; every method is thread-safe as long as the sink is not shared.
 */
public final class ProtoWire {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    private ProtoWire() {
    }

    public static void writeTag(ByteSink out, int field, int wireType) {
        writeVarint(out, field << 3 | wireType);
    }

    /** A varint; negative values take ten bytes, as int64 fields encode them. */
    public static void writeVarint(ByteSink out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Eight little-endian bytes, e.g. a double's raw bits, so every NaN payload survives. */
    public static void writeFixed64(ByteSink out, long bits) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (i << 3)));
        }
    }

    /** The bytes {@link #writeVarint} takes for {@code v}. */
    public static int varintSize(long v) {
        return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
    }

    /**
     * The length of {@code s} in UTF-8 as {@link String#getBytes} encodes it, which is how
     * {@link ByteSink#writeUtf8} writes it: an unpaired surrogate becomes one byte, {@code '?'}.
     */
    public static int utf8Length(String s) {
        int n = s.length();
        int length = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                length += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 2; // four bytes for two chars
                i++;
            } else if (!Character.isSurrogate(c)) {
                length += 2;
            }
        }
        return length;
    }
}
