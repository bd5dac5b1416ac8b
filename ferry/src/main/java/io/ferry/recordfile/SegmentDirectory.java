package io.ferry.recordfile;

import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A directory holding a log as numbered segment files ({@code wal-00000001}, {@code wal-00000002}...),
 * held by one process at a time through its {@code lock} file, with the segment being appended to.
 *
 * <pre>{@code
 * SegmentDirectory segments = SegmentDirectory.lock(dir, new Naming("wal-", "wal"), "push store");
 * List<Long> numbers = segments.list();               // oldest first
 * segments.appendTo(numbers.isEmpty() ? 1 : numbers.getLast());
 * segments.current().append(framed);                 // on the writer thread, which may also roll():
 * segments.roll();                                    // the next segment becomes the current one
 * segments.close();                                   // the current segment, then the lock
 * }</pre>
 *
 * <p><b>Durability.</b> {@link #appendTo} and {@link #roll} force the directory after creating a
 * segment, so a segment that holds forced records is found after a crash. Segments may be written
 * with zeros ahead of their records ({@link AppendFile#open(Path, AppendFile.Opener, long)}): {@link
 * #roll} cuts them from a segment before the next one begins, so that only the last segment can end
 * in anything but a record.
 *
 * <p><b>Thread-safety.</b> {@link #list}, {@link #path}, {@link #delete} and {@link #forceDirectory}
 * may be called from any thread. {@link #appendTo}, {@link #current}, {@link #currentNumber} and
 * {@link #roll} belong to one thread, the log's writer (or the opening thread before the writer
 * starts).
 */
public final class SegmentDirectory implements AutoCloseable {

    /**
     * How segments are named: {@code prefix} and the number in at least eight digits; with a
     * {@code zeroName}, the file of that name (a log of an earlier version, before segments) is segment 0.
     */
    public record Naming(String prefix, String zeroName) {
        Path path(Path dir, long number) {
            return dir.resolve(number == 0 && zeroName != null ? zeroName : prefix + "%08d".formatted(number));
        }
    }

    private static final int PROBE_BYTES = 4096;

    private final Path dir;
    private final Naming naming;
    private final Pattern numbered;
    private final FileChannel lock;
    private final AppendFile.Opener opener;
    private final long zerosAhead;
    private AppendFile current; // the writer thread's
    private long currentNumber;

    private SegmentDirectory(Path dir, Naming naming, FileChannel lock, AppendFile.Opener opener, long zerosAhead) {
        this.dir = dir;
        this.opener = opener;
        this.zerosAhead = zerosAhead;
        this.naming = naming;
        this.numbered = Pattern.compile(Pattern.quote(naming.prefix()) + "[0-9]{8,19}");
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and takes its lock. Fails with "another process is using the
     * WHAT in DIR" while another process (or another open in this one) holds it: two writers on one
     * log would cut each other's records.
     */
    public static SegmentDirectory lock(Path dir, Naming naming, String what) throws IOException {
        return lock(dir, naming, what, AppendFile.Opener.FILES);
    }

    /** As {@link #lock(Path, Naming, String)}, opening the segments through {@code opener}. */
    public static SegmentDirectory lock(Path dir, Naming naming, String what, AppendFile.Opener opener)
            throws IOException {
        return lock(dir, naming, what, opener, 0);
    }

    /**
     * As {@link #lock(Path, Naming, String, AppendFile.Opener)}, writing the segments appended to with
     * {@code zerosAhead} bytes of zeros ahead of their records (none when 0).
     */
    public static SegmentDirectory lock(Path dir, Naming naming, String what, AppendFile.Opener opener,
                                        long zerosAhead) throws IOException {
        Files.createDirectories(dir);
        FileChannel lock = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (!tryLock(lock)) {
                throw new IOException("another process is using the " + what + " in " + dir);
            }
            return new SegmentDirectory(dir, naming, lock, opener, zerosAhead);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static boolean tryLock(FileChannel lock) throws IOException {
        try {
            return lock.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false; // held by this very process, through another open of the directory
        }
    }

    public Path dir() {
        return dir;
    }

    /** The numbers of the segments in the directory, oldest first. */
    public List<Long> list() throws IOException {
        List<Long> found = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                boolean segment = name.equals(naming.zeroName()) || numbered.matcher(name).matches();
                if (segment && !Files.isRegularFile(p)) {
                    // Reading it would fail with the system's words alone ("Is a directory"), naming no file.
                    throw new IOException(p + ": a segment's name, but not a file; move it out of " + dir);
                }
                if (name.equals(naming.zeroName())) {
                    found.add(0L);
                } else if (segment) {
                    found.add(Long.parseLong(name.substring(naming.prefix().length())));
                }
            }
        }
        found.sort(null);
        return found;
    }

    /** The file of segment {@code number}. */
    public Path path(long number) {
        return naming.path(dir, number);
    }

    /** Deletes segment {@code number}, if it is there. */
    public void delete(long number) throws IOException {
        Files.deleteIfExists(path(number));
    }

    /**
     * Opens (creating) segment {@code number} for appending at its end, after any torn tail was cut,
     * and makes it the {@link #current()} one. Once, before the writer starts.
     */
    public AppendFile appendTo(long number) throws IOException {
        current = openForced(number);
        currentNumber = number;
        return current;
    }

    /** The segment being appended to. */
    public AppendFile current() {
        return current;
    }

    public long currentNumber() {
        return currentNumber;
    }

    /**
     * Starts the next segment and makes it the current one; the one before is closed as it is (force
     * it first if it must be durable), its zeros ahead cut first.
     */
    public AppendFile roll() throws IOException {
        current.trim(); // before the next segment exists: an earlier segment ending in zeros is damage
        AppendFile next = openForced(currentNumber + 1);
        current.close();
        current = next;
        currentNumber++;
        return next;
    }

    private AppendFile openForced(long number) throws IOException {
        AppendFile file = AppendFile.open(path(number), opener, zerosAhead);
        try {
            forceDirectory(); // the new segment must be found after a crash once it holds forced records
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return file;
    }

    /**
     * Proves the directory writable again after a failed write: creates a small file ({@code
     * write-probe}), writes and forces a few kilobytes, and deletes it. Throws what the disk says
     * while it still refuses (a read-only directory or file system, a full disk).
     */
    public void probeWritable() throws IOException {
        Path probe = dir.resolve("write-probe");
        try (AppendFile file = AppendFile.open(probe, opener)) {
            ByteSink block = new ByteSink(PROBE_BYTES);
            block.write(new byte[PROBE_BYTES], 0, PROBE_BYTES);
            file.append(block);
            file.force();
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** Forces the directory's entries (a new, renamed or deleted file) to the disk. */
    public void forceDirectory() throws IOException {
        AppendFile.forceDirectory(dir);
    }

    /** Closes the current segment, then releases the directory. */
    @Override
    public void close() throws IOException {
        try {
            if (current != null) {
                current.close();
            }
        } finally {
            lock.close();
        }
    }
}
