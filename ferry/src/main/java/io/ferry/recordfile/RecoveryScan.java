package io.ferry.recordfile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a record file when a log is opened, with the crash rules of a log: a record cut short or
 * failing its checksum is what a crash during an append leaves, but only at the end of the file last
 * appended to. There such a torn tail is cut off (so later appends follow the last good record);
 * anywhere else it is damage no crash explains, and the scan fails, leaving the file as it is for a
 * person to look at.
 *
 * <pre>{@code
 * long good = RecoveryScan.scan(path, isLastSegment, "a crash leaves a torn record only at the end of the last "
 *                 + "segment, so this file is damaged: refusing to start",
 *         (payload, offset) -> records.add(decode(payload)),
 *         (problem, at, kept, cut) -> LOG.warn("cut a torn tail", "problem", problem, "bytes_cut", cut));
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

    /** Told of a torn tail just before it is cut, to log it. */
    @FunctionalInterface
    public interface TornTail {
        /**
         * @param problem what {@link FrameReader#problem()} found
         * @param at      where the torn record begins: the length the file is cut to
         * @param kept    the good records before it
         * @param cut     bytes cut
         */
        void cutting(String problem, long at, long kept, long cut) throws IOException;
    }

    private RecoveryScan() {
    }

    /**
     * Hands every good record of {@code path} to {@code records} (a file that does not exist has
     * none) and returns the length of the good part.
     *
     * @param mayBeTorn whether a crash can have torn this file's end (it was the one appended to)
     * @param damaged   the reason in the error for damage where no crash can have torn the file: the
     *                  error reads {@code PATH: PROBLEM at byte N; DAMAGED}
     * @param tornTail  told of a torn tail before it is cut (only with {@code mayBeTorn})
     */
    public static long scan(Path path, boolean mayBeTorn, String damaged, Records records, TornTail tornTail)
            throws IOException {
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
        if (problem != null && !mayBeTorn) {
            throw new IOException(path + ": " + problem + " at byte " + good + "; " + damaged);
        }
        if (problem != null) {
            tornTail.cutting(problem, good, kept, Files.size(path) - good);
            AppendFile.truncate(path, good);
        }
        return good;
    }
}
