package io.ferry.scrape.discovery;

import io.ferry.log.Logger;
import io.ferry.scrape.discovery.internal.SdSyntaxException;
import io.ferry.scrape.discovery.internal.TargetGroupReader;
import io.ferry.telemetry.Counter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One {@code file_sd_configs} item: JSON ({@code .json}) or YAML ({@code .yml}, {@code .yaml}) files
 * listing target groups, whose last path segment may hold {@code *}. Each group's source is
 * {@code <path>:<index>} and its labels hold {@code __meta_filepath=<path>}, the path as the
 * pattern (resolved against the config file's directory) names it.
 *
 * <pre>{@code
 * Discoverer d = new FileDiscoverer(config, configDir, executor, metrics.fileReadErrors.labels("node"), log);
 * d.start(groups -> pool.update(groups));
 * }</pre>
 *
 * <p>Files are re-read every {@code refresh_interval} and soon after anything changes in their
 * directories (a {@link WatchService} on each pattern's directory; creating, deleting, renaming
 * into place and writing all count; events are let settle for {@link #SETTLE} so a file being
 * written is read once, whole). A file that cannot be read or parsed keeps its previous groups; the
 * error is logged with file and line once per distinct content and counted on every failed read.
 * A file that is gone has its groups removed. A directory that does not exist yet is noticed when
 * it is created: its nearest existing ancestor is watched until then. A pattern that matches no
 * file is logged as a warning when it starts to (at the first refresh, say), as {@code promtool}
 * warns of it.
 *
 * <p>Threads: refreshes run on the shared {@code executor}, one at a time; a virtual thread waits
 * for file events. {@code close} stops both and returns at once (waiting only for an update call
 * in progress). Thread-safe.
 */
public final class FileDiscoverer extends RefreshingDiscoverer {
    public static final String META_FILEPATH = "__meta_filepath";
    /** Quiet time after a file event before reading, and the longest a stream of events defers it. */
    static final Duration SETTLE = Duration.ofMillis(100);
    private static final Duration MAX_SETTLE = Duration.ofSeconds(1);

    private final List<FilePattern> patterns;
    private final Counter.Child readErrors;

    // Touched only by refresh(), run one at a time.
    private final Map<Path, FileState> files = new HashMap<>();
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private final Set<Path> unwatchable = new LinkedHashSet<>();
    private final Set<FilePattern> unmatched = new HashSet<>();

    private final AtomicBoolean settling = new AtomicBoolean();
    private volatile long firstEventNanos;
    private volatile long lastEventNanos;
    private volatile WatchService watcher;

    /**
     * @param baseDir    relative patterns are resolved against it (the config file's directory)
     * @param readErrors counts failed reads and parses
     */
    public FileDiscoverer(FileSd config, Path baseDir, ScheduledExecutorService executor,
                          Counter.Child readErrors, Logger log) {
        super("file_sd", config.refreshInterval(), executor, log);
        List<FilePattern> ps = new ArrayList<>();
        for (String f : config.files()) {
            ps.add(FilePattern.of(baseDir.resolve(f)));
        }
        this.patterns = List.copyOf(ps);
        this.readErrors = readErrors;
    }

    /**
     * Whether {@code pattern} (a {@code files} item, relative ones resolved against {@code baseDir})
     * matches at least one file now, as a discoverer would list it: for {@code ferry check config}.
     */
    public static boolean matchesAnyFile(String pattern, Path baseDir) {
        return FilePattern.of(baseDir.resolve(pattern)).list(new TreeSet<>(), io.ferry.log.Log.logger()) > 0;
    }

    @Override
    void starting() {
        try {
            watcher = patterns.getFirst().dir().getFileSystem().newWatchService();
            Thread.ofVirtual().name("ferry-sd-file-watch").start(this::watch);
        } catch (IOException e) {
            log.warn("cannot watch file_sd files for changes; reading them every refresh_interval only",
                    "err", e.toString());
        }
    }

    @Override
    void closing() {
        WatchService w = watcher;
        if (w != null) {
            try {
                w.close(); // ends the watch thread: take() throws ClosedWatchServiceException
            } catch (IOException e) {
                log.debug("closing the file_sd watch service failed", "err", e.toString());
            }
        }
    }

    @Override
    void refresh() {
        watchDirectories();
        Set<Path> present = new TreeSet<>();
        for (FilePattern p : patterns) {
            boolean none = p.list(present, log) == 0;
            if (none && unmatched.add(p)) {
                log.warn("file_sd pattern matches no file; its targets appear once a file does",
                        "pattern", p.path().toString());
            } else if (!none) {
                unmatched.remove(p);
            }
        }
        Map<Path, List<TargetGroup>> byFile = new LinkedHashMap<>();
        for (Path f : present) {
            FileState st = files.computeIfAbsent(f, k -> new FileState());
            if (read(f, st)) {
                byFile.put(f, st.groups);
            }
        }
        files.keySet().retainAll(byFile.keySet());
        List<TargetGroup> all = new ArrayList<>();
        byFile.values().forEach(all::addAll);
        publish(all);
    }

    /** Reads {@code f} into {@code st}; false when it vanished since it was listed. */
    private boolean read(Path f, FileState st) {
        String name = f.toString();
        byte[] content;
        try {
            content = readAtMostMaxBytes(f);
            if (content == null) {
                failed(f, st, null, name + ": larger than " + (TargetGroupReader.MAX_BYTES >> 20) + " MiB");
                return true;
            }
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            failed(f, st, null, name + ": cannot read: " + e);
            return true;
        }
        try {
            if (st.good == null || !Arrays.equals(st.good, content)) {
                st.groups = TargetGroupReader.read(content, TargetGroupReader.Format.ofFileName(name), name,
                        META_FILEPATH, name);
                st.good = content;
            }
            if (st.error != null) {
                log.info("file_sd file is usable again", "file", name, "groups", st.groups.size());
                st.failed = null;
                st.error = null;
            }
        } catch (SdSyntaxException e) {
            failed(f, st, content, e.in(name));
        }
        return true;
    }

    /**
     * The content of {@code f}, or null when it is larger than {@link TargetGroupReader#MAX_BYTES}:
     * checked before and while reading, as a device or a growing file (a link to /dev/zero, say)
     * reports a size it does not keep to. Only a regular file is opened: opening a FIFO waits for a
     * writer, and would hold up every job's discovery, which shares the refresh threads.
     */
    private static byte[] readAtMostMaxBytes(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IOException("not a regular file");
        }
        if (Files.size(f) > TargetGroupReader.MAX_BYTES) {
            return null;
        }
        try (InputStream in = Files.newInputStream(f)) {
            byte[] content = in.readNBytes(TargetGroupReader.MAX_BYTES + 1);
            return content.length > TargetGroupReader.MAX_BYTES ? null : content;
        }
    }

    private void failed(Path f, FileState st, byte[] content, String error) {
        readErrors.inc();
        boolean sameAsBefore = error.equals(st.error) && (content == null || Arrays.equals(content, st.failed));
        if (!sameAsBefore) {
            log.error("cannot use file_sd file; keeping its previous targets", "file", f.toString(),
                    "err", error, "kept_groups", st.groups.size());
        }
        st.error = error;
        st.failed = content;
    }

    /**
     * Watches each pattern's directory, or while it does not exist its nearest existing ancestor, so
     * that creating the directory (at any depth below that ancestor) is an event too; an ancestor's
     * watch is dropped once the directory is watched itself.
     */
    private void watchDirectories() {
        WatchService w = watcher;
        if (w == null) {
            return;
        }
        Set<Path> wanted = new LinkedHashSet<>();
        for (FilePattern p : patterns) {
            Path d = nearestExisting(p.dir());
            if (d != null) {
                wanted.add(d);
            }
        }
        watched.entrySet().removeIf(e -> {
            boolean drop = !wanted.contains(e.getKey()) || !e.getValue().isValid();
            if (drop) {
                e.getValue().cancel();
            }
            return drop;
        });
        for (Path d : wanted) {
            if (watched.containsKey(d)) {
                continue;
            }
            try {
                watched.put(d, d.register(w, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
                unwatchable.remove(d);
            } catch (NoSuchFileException e) {
                // gone since it was seen; the next refresh looks again
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (IOException e) {
                if (unwatchable.add(d)) {
                    log.warn("cannot watch a file_sd directory; reading it every refresh_interval only",
                            "dir", d.toString(), "err", e.toString());
                }
            }
        }
    }

    /** {@code dir}, or its nearest ancestor that is a directory; null when none is. */
    private static Path nearestExisting(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        return null;
    }

    /** The watch thread: any event in a watched directory (as Prometheus does) schedules a re-read. */
    private void watch() {
        WatchService w = watcher;
        try {
            while (true) {
                WatchKey key = w.take();
                key.pollEvents();
                key.reset(); // when it is no longer valid (directory gone), the refresh registers it again
                eventSeen();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed
        }
    }

    private void eventSeen() {
        long now = System.nanoTime();
        lastEventNanos = now;
        if (settling.compareAndSet(false, true)) {
            firstEventNanos = now;
            schedule(this::settled, SETTLE.toNanos());
        }
    }

    private void settled() {
        long now = System.nanoTime();
        long quiet = now - lastEventNanos;
        if (quiet < SETTLE.toNanos() && now - firstEventNanos < MAX_SETTLE.toNanos()) {
            schedule(this::settled, SETTLE.toNanos() - quiet);
            return;
        }
        settling.set(false);
        refreshSoon();
    }

    private void schedule(Runnable r, long nanos) {
        if (closed()) {
            return;
        }
        try {
            executor.schedule(r, nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the executor is shutting down
        }
    }

    private static final class FileState {
        List<TargetGroup> groups = List.of();
        byte[] good;   // the content groups came from
        byte[] failed; // the last content that failed to parse
        String error;  // the last error, logged
    }

    /** A directory and a file name that may hold {@code *} (any characters but {@code /}). */
    record FilePattern(Path dir, String name, Pattern regex) {
        static FilePattern of(Path pattern) {
            Path dir = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
            String name = pattern.getFileName().toString();
            StringBuilder re = new StringBuilder();
            for (String part : name.split("\\*", -1)) {
                if (!re.isEmpty()) {
                    re.append("[^/]*");
                }
                re.append(Pattern.quote(part));
            }
            return new FilePattern(dir, name, Pattern.compile(re.toString()));
        }

        /** The pattern as a path: its directory and name. */
        Path path() {
            return dir.resolve(name);
        }

        /** Adds the files that match to {@code into}; returns how many matched. */
        int list(Set<Path> into, Logger log) {
            if (!name.contains("*")) {
                Path f = dir.resolve(name);
                if (Files.exists(f) && !Files.isDirectory(f)) {
                    into.add(f);
                    return 1;
                }
                return 0;
            }
            int n = 0;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path f : ds) {
                    if (regex.matcher(f.getFileName().toString()).matches() && !Files.isDirectory(f)) {
                        into.add(f);
                        n++;
                    }
                }
            } catch (NoSuchFileException e) {
                // no directory, no files
            } catch (IOException e) {
                log.warn("cannot list a file_sd directory", "dir", dir.toString(), "err", e.toString());
            }
            return n;
        }
    }
}
