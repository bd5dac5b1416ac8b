package io.ferry.recordfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Damage done to a record file for tests: what a crash leaves (a torn last record, zeros appended, a
 * file cut inside a header) and what only a bad disk or a bad copy does (a flipped byte, zeros over
 * records, bytes missing between records), at the file's head, middle or tail. Each case knows which
 * record it hits and whether records that check out follow it.
 *
 * <pre>{@code
 * LogDamage.Case c = new LogDamage.Case(LogDamage.Kind.FLIP, LogDamage.Where.MIDDLE);
 * int hit = c.apply(segment);   // the index of the first record lost
 * }</pre>
 */
public final class LogDamage {
    /** What is done to the file. */
    public enum Kind {
        /** One bit of a record's payload flipped. */
        FLIP,
        /** Eight zero bytes over a record's start, or appended at the tail (ext4 after a power loss). */
        ZEROS_8,
        /** 4,096 zero bytes over records from a record's start, or appended at the tail. */
        ZEROS_4096,
        /** The second half of a record gone: the file ends there at the tail, records follow elsewhere. */
        TORN,
        /** The file cut three bytes into a record's header: nothing follows. */
        CUT_MID_HEADER
    }

    /** Which record is hit: the first, the one in the middle, or the last (zeros: appended after it). */
    public enum Where { HEAD, MIDDLE, TAIL }

    /** One damage at one place. */
    public record Case(Kind kind, Where where) {
        /**
         * Whether records that check out follow the damage: then no crash explains it. A cut file
         * has nothing after the cut, and at the tail only the hit record (or zeros) remains.
         */
        public boolean goodRecordsFollow() {
            return kind != Kind.CUT_MID_HEADER && where != Where.TAIL;
        }

        /** Whether the damage takes no record: zeros appended after the last one. */
        public boolean losesNothing() {
            return where == Where.TAIL && (kind == Kind.ZEROS_8 || kind == Kind.ZEROS_4096);
        }

        /**
         * Damages {@code file} in place and returns the index of the record hit (the records before
         * it are intact; the count of records when nothing is hit). The file must hold enough records
         * that 4,096 bytes from the middle one leave good records after.
         */
        public int apply(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            long[] starts = frameStarts(bytes);
            int hit = switch (where) {
                case HEAD -> 0;
                case MIDDLE -> starts.length / 2;
                case TAIL -> starts.length - 1;
            };
            int at = (int) starts[hit];
            int end = hit + 1 < starts.length ? (int) starts[hit + 1] : bytes.length;
            byte[] damaged = switch (kind) {
                case FLIP -> {
                    bytes[at + RecordFrame.HEADER_BYTES + 1] ^= 0x10;
                    yield bytes;
                }
                case ZEROS_8, ZEROS_4096 -> {
                    int n = kind == Kind.ZEROS_8 ? 8 : 4096;
                    if (where == Where.TAIL) {
                        hit = starts.length;
                        yield Arrays.copyOf(bytes, bytes.length + n);
                    }
                    if (at + n + RecordFrame.HEADER_BYTES >= bytes.length) {
                        throw new IllegalArgumentException("too few records after byte " + at + " for " + n + " zeros");
                    }
                    Arrays.fill(bytes, at, at + n, (byte) 0);
                    yield bytes;
                }
                case TORN -> {
                    int half = at + (end - at) / 2;
                    byte[] out = new byte[bytes.length - (end - half)];
                    System.arraycopy(bytes, 0, out, 0, half);
                    System.arraycopy(bytes, end, out, half, bytes.length - end);
                    yield out;
                }
                case CUT_MID_HEADER -> Arrays.copyOf(bytes, at + 3);
            };
            Files.write(file, damaged);
            return hit;
        }
    }

    /** {@link #all()} for {@code @MethodSource}. */
    public static final String ALL = "io.ferry.recordfile.LogDamage#all";

    private LogDamage() {
    }

    /** Every kind at every place. */
    public static List<Case> all() {
        List<Case> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (Where w : Where.values()) {
                all.add(new Case(k, w));
            }
        }
        return all;
    }

    /** Where each frame of a well-formed record file begins. */
    public static long[] frameStarts(byte[] file) {
        List<Long> starts = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(file);
        while (in.remaining() >= RecordFrame.HEADER_BYTES) {
            starts.add((long) in.position());
            int length = in.getInt();
            in.position(in.position() + 4 + length);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("not a well-formed record file: " + in.remaining() + " stray bytes");
        }
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    /** The copies {@code --storage.repair} keeps beside {@code file}. */
    public static List<Path> copiesOf(Path file) throws IOException {
        try (var s = Files.list(file.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".damaged-")).toList();
        }
    }
}
