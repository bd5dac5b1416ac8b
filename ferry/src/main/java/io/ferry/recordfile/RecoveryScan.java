package io.ferry.recordfile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a record file when a log is opened, with the crash rules of a log. A crash during an append
 * can leave, at the end of the file being appended to, a torn record (cut short, or complete in
 * length with the wrong checksum) or a zero-filled tail (a power loss after the file grew and before
 * its data reached the disk): after the last good record, nothing that checks out. Such a tail is cut
 * (so later appends follow the last good record) and reported. Anything else is damage no crash
 * explains, and is never cut silently:
 *
 * <ul>
 *   <li>a bad record followed by records that check out ({@link FrameSearch} tries every offset after
 *       it), wherever it is: cutting there would drop good records;</li>
 *   <li>any bad record in a file no crash can tear: an earlier segment (forced before the next one
 *       began) or a snapshot (forced before it was renamed into place).</li>
 * </ul>
 *
 * With {@link OnDamage#REFUSE} the scan fails with a message that names the file, the byte, what
 * checks out after it and what to do, and changes nothing. With {@link OnDamage#REPAIR} it first
 * copies everything from the bad record on to {@code NAME.damaged-OFFSET} beside the file (forced),
 * then cuts the file there and reports the cut with the copy.
 *
 * <pre>{@code
 * long good = RecoveryScan.scan(path, isLastSegment, OnDamage.REFUSE, "start",
 *         (payload, offset) -> records.add(decode(payload)),
 *         cut -> LOG.warn(cut.repaired() ? "cut damage, keeping a copy" : "cut a torn tail", "detail", cut.describe()));
 * }</pre>
 *
 * Stateless; a file must not be appended to while it is scanned.
 */
public final class RecoveryScan {

    /** Takes each good record in file order; an exception stops the scan and is thrown by it. */
    @FunctionalInterface
    public interface Records {
        /** @param offset where the record's frame begins in the file */
        void record(byte[] payload, long offset) throws IOException;
    }

    /** Told of a cut just before it is made (after the copy, for a repair), to log it. */
    @FunctionalInterface
    public interface Cuts {
        void cutting(Cut cut) throws IOException;
    }

    /**
     * A cut made at open.
     *
     * @param file        the file cut
     * @param problem     what was found at {@code at}: what {@link FrameReader#problem()} says, or a
     *                    zero-filled tail
     * @param at          where the bad record begins: the length the file is cut to
     * @param recordsKept the good records before it
     * @param bytesCut    bytes cut
     * @param recordsCut  records after the bad one that checked out and are cut with it (only in a repair)
     * @param copy        where the cut bytes are kept, for a repair; null for a torn tail
     * @param zeros       whether the cut bytes are all zeros: no record was torn, only zeros written
     *                    ahead of the records or left by a power loss
     */
    public record Cut(Path file, String problem, long at, long recordsKept, long bytesCut, long recordsCut,
                      Path copy, boolean zeros) {
        /** Whether this cut is a repair of damage (with a copy) rather than a torn tail. */
        public boolean repaired() {
            return copy != null;
        }

        /** One line for a log: what was found where, what is kept and what is cut. */
        public String describe() {
            return file + ": " + problem + " at byte " + at + "; keeping the " + recordsKept
                    + " records before it and cutting " + bytesCut + " bytes"
                    + (copy == null ? "" : ", " + recordsCut + " records among them that checked out, a copy kept in "
                    + copy);
        }
    }

    private RecoveryScan() {
    }

    /**
     * Hands every good record of {@code path} to {@code records} (a file that does not exist has
     * none), cuts what a crash left at its end, and returns the length of the good part.
     *
     * @param mayBeTorn whether a crash can have torn this file's end (it was the one appended to)
     * @param onDamage  whether damage no crash explains fails the scan or is cut, keeping a copy
     * @param refusing  what the caller refuses to do with damage, for the error: {@code "start"}
     * @param cuts      told of each cut before it is made
     * @throws IOException for damage with {@link OnDamage#REFUSE}, the file left as it was; or what
     *                     {@code records} threw, nothing cut
     */
    public static long scan(Path path, boolean mayBeTorn, OnDamage onDamage, String refusing, Records records,
                            Cuts cuts) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        long good;
        long kept = 0;
        String problem;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            FrameReader reader = new FrameReader(in, 0);
            long at = 0;
            for (byte[] payload; (payload = reader.next()) != null; at = reader.position()) {
                records.record(payload, at);
                kept++;
            }
            good = reader.position();
            problem = reader.problem();
        }
        if (problem == null) {
            return good;
        }
        long size = Files.size(path);
        FrameSearch.Found after;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            after = FrameSearch.after(ch, good, size);
        }
        if (after.zeros() && size - good >= RecordFrame.HEADER_BYTES) {
            problem = "a zero-filled tail (" + (size - good) + " zero bytes)";
        }
        if (mayBeTorn && !after.any()) {
            cuts.cutting(new Cut(path, problem, good, kept, size - good, 0, null, after.zeros()));
            AppendFile.truncate(path, good);
            return good;
        }
        if (onDamage == OnDamage.REFUSE) {
            throw new IOException(refusal(path, problem, good, size, after, mayBeTorn, refusing));
        }
        Path copy = keepCopy(path, good, size);
        cuts.cutting(new Cut(path, problem, good, kept, size - good, after.records(), copy, after.zeros()));
        AppendFile.truncate(path, good);
        return good;
    }

    /** The error for damage: what is wrong, where, why it is not a crash's doing, and what to do. */
    private static String refusal(Path path, String problem, long at, long size, FrameSearch.Found after,
                                  boolean mayBeTorn, String refusing) {
        String found;
        if (after.records() > 0) {
            found = ", followed by " + after.records() + " records (" + after.bytes() + " bytes) that check out, "
                    + "the first at byte " + after.first() + (after.gaveUp() ? " (and maybe more: the search "
                    + "stopped)" : "");
        } else if (after.gaveUp()) {
            found = ", and " + (size - at) + " bytes after it too long to search for good records";
        } else {
            found = ", and no good record in the " + (size - at) + " bytes from there to the end";
        }
        String why = mayBeTorn ? "A crash leaves a bad record only as the last thing in a file"
                : "A crash can leave a bad record only at the end of the file being appended to, and this is "
                + "not that file (it was complete and forced before anything was written after it)";
        return path + ": " + problem + " at byte " + at + found + ". " + why + ", so this is damage (a failing "
                + "disk, a bad copy, another program writing), and cutting it would lose acknowledged data: "
                + "refusing to " + refusing + ", nothing changed. Check the disk; to go on without what is from byte " + at
                + " on, start once with --storage.repair: it copies those " + (size - at) + " bytes to "
                + path.getFileName() + ".damaged-" + at + " beside the file, then cuts them.";
    }

    /** Copies {@code [from, size)} of {@code path} to a new file beside it, forced, and returns the copy. */
    private static Path keepCopy(Path path, long from, long size) throws IOException {
        Path copy = path.resolveSibling(path.getFileName() + ".damaged-" + from);
        for (int n = 2; Files.exists(copy); n++) {
            copy = path.resolveSibling(path.getFileName() + ".damaged-" + from + "-" + n);
        }
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long p = from; p < size; ) {
                long n = in.transferTo(p, size - p, out);
                if (n <= 0) {
                    throw new IOException(path + " ended at byte " + p + " while copying its damaged part");
                }
                p += n;
            }
            out.force(true);
        }
        AppendFile.forceDirectory(copy.getParent());
        return copy;
    }
}
