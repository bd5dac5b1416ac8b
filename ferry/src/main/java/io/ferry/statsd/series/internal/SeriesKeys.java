package io.ferry.statsd.series.internal;

import io.ferry.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes a series' identity (its family's id and its labels) into a compact {@code byte[]} key,
 * and back.
 *
 * <pre>{@code
 * SeriesKeys keys = new SeriesKeys(10_000);
 * SeriesKeys.Scratch s = keys.encode(familyId, labels); // this thread's buffer, no allocation
 * byte[] key = s.copy();                                // only when the series is new
 * Labels back = keys.labels(key);
 * }</pre>
 *
 * <p>Layout: varint family id, then per label (in the sorted order of {@link Labels}) a varint name
 * reference and the value as varint length plus UTF-8 bytes. A name reference {@code n > 0} is
 * entry {@code n - 1} of a store-wide dictionary, so a name costs one or two bytes per series; names
 * past the dictionary's cap are written inline after a {@code 0} reference, so hostile tag keys
 * cannot grow it without bound.
 *
 * <p>Thread-safe: the dictionary only grows, behind a lock; lookups read a volatile array. Each thread
 * encodes into its own {@link Scratch}, valid until its next {@link #encode} call.
 */
public final class SeriesKeys {
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final ConcurrentHashMap<String, Integer> nameIds = new ConcurrentHashMap<>();
    private final int maxNames;
    private volatile String[] names = new String[16];
    private int nameCount;

    public SeriesKeys(int maxNames) {
        this.maxNames = maxNames;
    }

    /** A thread's encoding buffer and the hash of what it holds. */
    public static final class Scratch {
        byte[] buf = new byte[128];
        int len;
        int hash;

        public int length() {
            return len;
        }

        public int hash() {
            return hash;
        }

        public byte[] buffer() {
            return buf;
        }

        /** The encoded key as a new array of its exact length. */
        public byte[] copy() {
            return java.util.Arrays.copyOf(buf, len);
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        private void varint(int v) {
            ensure(5);
            while ((v & ~0x7F) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        private void utf8(String s) {
            int n = utf8Length(s);
            varint(n);
            ensure(n);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    buf[len++] = (byte) c;
                } else if (c < 0x800) {
                    buf[len++] = (byte) (0xC0 | (c >> 6));
                    buf[len++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[len++] = (byte) (0xF0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    // Lone surrogates never reach here (names and values are valid UTF-8 text);
                    // three bytes keep the length computation and the writer in step regardless.
                    buf[len++] = (byte) (0xE0 | (c >> 12));
                    buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        private static int utf8Length(String s) {
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    n++;
                } else if (c < 0x800) {
                    n += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n += 3;
                }
            }
            return n;
        }
    }

    /** Encodes into this thread's scratch buffer, which stays valid until the thread's next call. */
    public Scratch encode(int familyId, Labels labels) {
        Scratch s = scratch.get();
        s.len = 0;
        s.varint(familyId);
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            int ref = nameRef(name);
            s.varint(ref);
            if (ref == 0) {
                s.utf8(name);
            }
            s.utf8(labels.value(i));
        }
        s.hash = hash(s.buf, s.len);
        return s;
    }

    /** The family id a key starts with. */
    public static int familyId(byte[] key) {
        int v = 0;
        for (int i = 0, shift = 0; ; i++, shift += 7) {
            byte b = key[i];
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    /** The labels a key holds. */
    public Labels labels(byte[] key) {
        String[] dict = names;
        int[] pos = {0};
        readVarint(key, pos); // family id
        Labels.Builder b = Labels.builder();
        while (pos[0] < key.length) {
            int ref = readVarint(key, pos);
            String name = ref == 0 ? readString(key, pos) : dict[ref - 1];
            b.add(name, readString(key, pos));
        }
        return b.build();
    }

    /** A well-mixed hash of {@code buf[0..len)}: the store takes segments from high bits, slots from low. */
    public static int hash(byte[] buf, int len) {
        int h = 0x9747b28c;
        for (int i = 0; i < len; i++) {
            h = (h ^ buf[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private int nameRef(String name) {
        Integer id = nameIds.get(name);
        if (id != null) {
            return id + 1;
        }
        synchronized (this) {
            id = nameIds.get(name);
            if (id != null) {
                return id + 1;
            }
            if (nameCount >= maxNames) {
                return 0;
            }
            String[] dict = names;
            if (nameCount == dict.length) {
                dict = java.util.Arrays.copyOf(dict, dict.length * 2);
            }
            dict[nameCount] = name;
            names = dict; // publish the array before the id can be seen
            nameIds.put(name, nameCount);
            return ++nameCount;
        }
    }

    private static int readVarint(byte[] key, int[] pos) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = key[pos[0]++];
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    private static String readString(byte[] key, int[] pos) {
        int n = readVarint(key, pos);
        String s = new String(key, pos[0], n, StandardCharsets.UTF_8);
        pos[0] += n;
        return s;
    }
}
