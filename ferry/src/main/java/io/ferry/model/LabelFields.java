package io.ferry.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A label set in its compact encoded form: the repeated {@code Label} fields of a remote write 1.0
 * {@code TimeSeries} (for each label in name order: tag {@code 0x0a}, length, then the name as field 1
 * and the value as field 2), labels with an empty value left out. A producer that appends the same
 * series again and again keeps these bytes instead of a {@link Labels} object and its strings: they
 * are about a third of the size, and a remote write encoder copies them as they are.
 *
 * <pre>{@code
 * byte[] b = new byte[LabelFields.size(labels)];
 * LabelFields.write(labels, b, 0);
 * Labels back = LabelFields.decode(b, 0, b.length);   // equals labels, empty values left out
 * }</pre>
 *
 * <p>Names and values are compared as UTF-8 bytes, which orders ASCII names as {@link Labels} does.
 * Static and thread-safe.
 */
public final class LabelFields {
    /** The tag of a {@code Label} field in a {@code TimeSeries}, and of a label's name within it. */
    public static final byte LABEL_TAG = 1 << 3 | 2;
    private static final byte VALUE_TAG = 2 << 3 | 2;

    private LabelFields() {
    }

    /** The encoded size of {@code labels}. */
    public static int size(Labels labels) {
        int size = 0;
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.value(i).isEmpty()) {
                size += labelSize(utf8Length(labels.name(i)), utf8Length(labels.value(i)));
            }
        }
        return size;
    }

    /** Writes {@code labels} into {@code b} from {@code at} ({@link #size} bytes); returns the position after them. */
    public static int write(Labels labels, byte[] b, int at) {
        int p = at;
        for (int i = 0; i < labels.size(); i++) {
            String value = labels.value(i);
            if (value.isEmpty()) {
                continue;
            }
            byte[] name = labels.name(i).getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            b[p++] = LABEL_TAG;
            p = varint(b, p, 2 + varintSize(name.length) + name.length + varintSize(v.length) + v.length);
            p = field(b, p, LABEL_TAG, name);
            p = field(b, p, VALUE_TAG, v);
        }
        return p;
    }

    /** {@code labels} encoded, in an array of their own. */
    public static byte[] of(Labels labels) {
        byte[] b = new byte[size(labels)];
        write(labels, b, 0);
        return b;
    }

    /** The labels encoded in {@code b[offset .. offset + length)}. */
    public static Labels decode(byte[] b, int offset, int length) {
        Labels.Builder out = Labels.builder();
        int end = offset + length;
        for (int p = offset; p < end; p = next(b, p)) {
            out.add(name(b, p), value(b, p));
        }
        return out.build();
    }

    /** The position of the label field after the one at {@code p}. */
    public static int next(byte[] b, int p) {
        int len = varintAt(b, p + 1);
        return p + 1 + varintSize(len) + len;
    }

    /** Where the name bytes of the label field at {@code p} start; its length is {@link #nameLength}. */
    public static int nameStart(byte[] b, int p) {
        int q = p + 1 + varintSize(varintAt(b, p + 1)) + 1;
        return q + varintSize(varintAt(b, q));
    }

    /** The length of the name of the label field at {@code p}. */
    public static int nameLength(byte[] b, int p) {
        int q = p + 1 + varintSize(varintAt(b, p + 1)) + 1;
        return varintAt(b, q);
    }

    /** A content hash of {@code b[offset .. offset + length)}. */
    public static int hash(byte[] b, int offset, int length) {
        int h = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + b[i];
        }
        return h;
    }

    /** Whether two encoded ranges hold the same bytes. */
    public static boolean equal(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
        return Arrays.equals(a, aOffset, aOffset + aLength, b, bOffset, bOffset + bLength);
    }

    private static String name(byte[] b, int p) {
        int start = nameStart(b, p);
        return new String(b, start, nameLength(b, p), StandardCharsets.UTF_8);
    }

    private static String value(byte[] b, int p) {
        int q = nameStart(b, p) + nameLength(b, p) + 1; // past the name, and the value's tag
        int len = varintAt(b, q);
        return new String(b, q + varintSize(len), len, StandardCharsets.UTF_8);
    }

    private static int labelSize(int nameLength, int valueLength) {
        int inner = 2 + varintSize(nameLength) + nameLength + varintSize(valueLength) + valueLength;
        return 1 + varintSize(inner) + inner;
    }

    private static int field(byte[] b, int p, byte tag, byte[] bytes) {
        b[p++] = tag;
        p = varint(b, p, bytes.length);
        System.arraycopy(bytes, 0, b, p, bytes.length);
        return p + bytes.length;
    }

    private static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    private static int varint(byte[] b, int p, int v) {
        while ((v & ~0x7f) != 0) {
            b[p++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    private static int varintAt(byte[] b, int p) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[p++];
            v |= (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private static int varintSize(int v) {
        return v < 1 << 7 ? 1 : v < 1 << 14 ? 2 : v < 1 << 21 ? 3 : v < 1 << 28 ? 4 : 5;
    }
}
