package io.ferry.cli;

import io.ferry.model.MetricFamily;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics a command of {@code ferry run} wrote to its textfile (text 0.0.4, or OpenMetrics
 * when it ends with {@code # EOF}), read with the server's parsers and checked before they join
 * the run's push, so that a broken file never costs the run its own metrics.
 *
 * <pre>{@code
 * Textfile t = Textfile.before(path);      // before the command starts
 * ...                                      // the command writes the file
 * Textfile.Read r = t.read(RunMetrics.RESERVED);
 * }</pre>
 *
 * <p>A file that was not written during the run (absent, or with the same modification time as
 * before) is not pushed: a stale file would report an earlier run's values as this one's. A file
 * that does not parse, or whose samples carry timestamps (which the Pushgateway refuses), is not
 * pushed at all; families with a reserved name are left out one by one. Not thread-safe.
 */
final class Textfile {

    private final Path path;
    private final Optional<FileTime> modifiedBefore;

    private Textfile(Path path, Optional<FileTime> modifiedBefore) {
        this.path = path;
        this.modifiedBefore = modifiedBefore;
    }

    /** What to push of the file, and notes for stderr about what was left out and why. */
    record Read(List<MetricFamily> families, List<String> notes) {
    }

    /** Notes the file's state before the command runs. */
    static Textfile before(Path path) {
        return new Textfile(path, modified(path));
    }

    private static Optional<FileTime> modified(Path path) {
        try {
            return Optional.of(Files.getLastModifiedTime(path));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Path path() {
        return path;
    }

    /** Reads the file after the command ended, leaving out families named in {@code reserved}. */
    Read read(Set<String> reserved) {
        List<String> notes = new ArrayList<>();
        Optional<FileTime> now = modified(path);
        if (now.isEmpty()) {
            return new Read(List.of(), notes);
        }
        if (now.equals(modifiedBefore)) {
            notes.add(path + ": not written during this run, so not pushed");
            return new Read(List.of(), notes);
        }
        byte[] body;
        try (InputStream in = Files.newInputStream(path)) {
            body = ExpositionInput.read(in);
        } catch (NoSuchFileException e) {
            return new Read(List.of(), notes);
        } catch (IOException e) {
            notes.add(path + ": cannot read, so not pushed: " + e.getMessage());
            return new Read(List.of(), notes);
        }
        if (body.length > ExpositionInput.MAX_BYTES) {
            notes.add(ExpositionInput.tooLarge(path.toString()) + ", so not pushed");
            return new Read(List.of(), notes);
        }
        List<MetricFamily> parsed = ExpositionInput.parse(body, ExpositionInput.detect(body), path.toString(), notes::add);
        if (parsed == null) {
            notes.add(path + ": not pushed because of the problems above");
            return new Read(List.of(), notes);
        }
        List<String> timestamped = TimestampCheck.timestampedFamilies(parsed);
        if (!timestamped.isEmpty()) {
            notes.add(path + ": " + TimestampCheck.problem(timestamped) + ", so not pushed");
            return new Read(List.of(), notes);
        }
        List<MetricFamily> kept = new ArrayList<>(parsed.size());
        for (MetricFamily f : parsed) {
            if (reserved.contains(f.name())) {
                notes.add(path + ": family " + f.name() + " left out: the name is reserved for ferry run and the gateway");
            } else {
                kept.add(f);
            }
        }
        return new Read(kept, notes);
    }
}
