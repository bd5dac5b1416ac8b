package io.ferry.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program run as a child process of a test, the one way the tests start processes: its stdout
 * and stderr go to files (so a chatty program never stalls on a full pipe, and what it wrote is
 * there to read while it runs and after it ends), every wait is bounded, and {@link #close} stops
 * it: SIGTERM, then SIGKILL for it and what it started if it has not exited within 10 s.
 *
 * <pre>{@code
 * try (ChildProcess p = ChildProcess.builder("openssl", "version").start()) {
 *     ChildProcess.Result r = p.finish(Duration.ofSeconds(30));
 *     assertThat(r.exit()).isZero();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 20;
    /** The numbers of the signals the tests send that a start can leave ignored (Linux's, as kill -l lists them). */
    private static final Map<String, Integer> SIGNALS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "USR1", 10, "USR2", 12,
            "TERM", 15);

    /** What a finished program did; {@code stderr} is empty when it went into {@code stdout}. */
    public record Result(int exit, String stdout, String stderr) {
    }

    private final String name;
    private final Process process;
    private final Path files;
    private final Path stdoutFile;
    private final Path stderrFile;
    private String finalStdout;
    private String finalStderr;

    private ChildProcess(String name, Process process, Path files, Path stdoutFile, Path stderrFile) {
        this.name = name;
        this.process = process;
        this.files = files;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    public static Builder builder(String... command) {
        return builder(List.of(command));
    }

    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** How to start the program: its directory, stdin and environment. */
    public static final class Builder {
        private final List<String> command;
        private Path directory;
        private Path stdinFile;
        private String stdinText;
        private boolean mergeStderr;
        private final Map<String, String> env = new HashMap<>();
        private final Set<String> envRemoved = new HashSet<>();

        private Builder(List<String> command) {
            this.command = new ArrayList<>(command);
        }

        /** The working directory; the test's own by default. */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /** Stdin read from {@code file}; empty by default. */
        public Builder stdin(Path file) {
            this.stdinFile = file;
            return this;
        }

        /** Stdin with this text. */
        public Builder stdin(String text) {
            this.stdinText = text;
            return this;
        }

        /** Stderr into the same file as stdout, in the order written; {@link #stderr} is then empty. */
        public Builder mergeStderr() {
            this.mergeStderr = true;
            return this;
        }

        /** These variables added to the test's environment. */
        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** This variable of the test's environment left out. */
        public Builder withoutEnv(String name) {
            envRemoved.add(name);
            return this;
        }

        public ChildProcess start() throws IOException {
            Path files = Files.createTempDirectory("ferry-child");
            Path out = files.resolve("stdout");
            Path err = files.resolve("stderr");
            Path in = stdinText != null ? Files.writeString(files.resolve("stdin"), stdinText) : stdinFile;
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(in != null ? in.toFile() : new File("/dev/null"))
                    .redirectOutput(out.toFile());
            if (mergeStderr) {
                pb.redirectErrorStream(true);
                Files.createFile(err);
            } else {
                pb.redirectError(err.toFile());
            }
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            envRemoved.forEach(pb.environment()::remove);
            pb.environment().putAll(env);
            try {
                return new ChildProcess(String.join(" ", command), pb.start(), files, out, err);
            } catch (IOException e) {
                deleteFiles(files);
                throw e;
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether it exited within {@code timeout}; it is left running if not. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Its exit status; it must have exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /**
     * Waits for its end, at most {@code timeout}; past that it is killed and the test fails with
     * what it wrote to stderr.
     */
    public Result finish(Duration timeout) throws InterruptedException {
        if (!awaitExit(timeout)) {
            kill();
            throw new AssertionError(name + " did not finish within " + timeout + "; stderr:\n" + stderr()
                    + "\nstdout:\n" + stdout());
        }
        return new Result(exitValue(), stdout(), stderr());
    }

    /**
     * Waits until a line of stderr contains {@code pattern}, at most {@code timeout}, and returns the
     * match; the test fails if the program exits first or the time runs out.
     */
    public MatchResult awaitStderr(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive(); // before reading, so that nothing written before the exit is missed
            for (String line : stderr().lines().toList()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.toMatchResult();
                }
            }
            if (exited) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before writing "
                        + pattern + ":\n" + stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line with " + pattern + " within " + timeout + ":\n" + stderr());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Sends a signal by name ({@code INT}, {@code TERM}, {@code KILL}...), through kill(1).
     *
     * @throws IllegalStateException when the process ignores it from its start, so that nothing it
     *                               does could make it react
     */
    public void signal(String name) throws IOException, InterruptedException {
        if (ignores(name)) {
            throw new IllegalStateException("SIG" + name + " is ignored by process " + process.pid() + ", as it was by "
                    + "whatever started the tests (nohup ignores HUP, a background job of a non-interactive shell INT), "
                    + "and its children inherit that; run the tests in the foreground");
        }
        try (ChildProcess kill = builder("kill", "-" + name, Long.toString(process.pid())).mergeStderr().start()) {
            Result r = kill.finish(Duration.ofSeconds(10));
            if (r.exit() != 0) {
                throw new IOException("kill -" + name + " " + process.pid() + " failed: " + r.stdout());
            }
        }
    }

    /** Whether the process ignores signal {@code name} (Linux: the {@code SigIgn} mask of its status); false when unknown. */
    private boolean ignores(String name) {
        Integer number = SIGNALS.get(name);
        if (number == null) {
            return false;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return new BigInteger(line.substring("SigIgn:".length()).strip(), 16).testBit(number - 1);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process is gone: send it and let the test see what happens.
        }
        return false;
    }

    /** SIGKILL now, to it and what it started, and waits (bounded) for it to be gone. */
    public void kill() throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What it has written to stdout so far (all of it once it has exited). */
    public String stdout() {
        return finalStdout != null ? finalStdout : read(stdoutFile);
    }

    /** What it has written to stderr so far (all of it once it has exited). */
    public String stderr() {
        return finalStderr != null ? finalStderr : read(stderrFile);
    }

    /** Stops it if it still runs (SIGTERM, then SIGKILL after 10 s); its output stays readable. */
    @Override
    public void close() {
        if (finalStdout != null) {
            return;
        }
        try {
            List<ProcessHandle> started = process.toHandle().descendants().toList();
            process.destroy();
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            started.forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            finalStdout = read(stdoutFile);
            finalStderr = read(stderrFile);
            deleteFiles(files);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // a torn last character is replaced
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFiles(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A temp file left behind is harmless.
        }
    }
}
