package io.ferry.testing;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Programs from the machine that tests talk to (the real Pushgateway, Prometheus, Python's
 * client): finding them, and running them with a bounded wait.
 *
 * <p>A test that needs one calls {@link #require}: where the program is missing the test is
 * skipped, except in CI ({@code CI} set), whose {@code .ci/run} installs every such program, so
 * there a missing one fails the test instead of hiding it.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** What a finished program did. */
    public record Result(int exitCode, String output) {
    }

    /**
     * The program's path; skips the calling test where it is missing, and fails it when CI is set.
     *
     * @param program       a name looked up on PATH, or an absolute path
     * @param debianPackage the package that provides it, for the message
     */
    public static Path require(String program, String debianPackage) {
        Optional<Path> found = find(program);
        requireThat(found.isPresent(), program + " is not installed (Debian package '" + debianPackage
                + "'; .ci/run installs it)");
        return found.orElseThrow();
    }

    /**
     * Skips the calling test when {@code available} is false, or fails it when CI is set: the one
     * rule for every external program the tests use.
     */
    public static void requireThat(boolean available, String whatIsMissing) {
        if (!available && System.getenv("CI") != null) {
            throw new AssertionError(whatIsMissing + ", although CI is set");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available, whatIsMissing);
    }

    /** An executable by absolute path, or the first one of that name on PATH. */
    public static Optional<Path> find(String program) {
        if (program.contains(File.separator)) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} to its end, stdout and stderr together, and kills it if it outlives
     * {@code timeout} (then the result's exit code is -1 and the output says so).
     */
    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        try (ChildProcess p = ChildProcess.builder(command).mergeStderr().start()) {
            if (!p.awaitExit(timeout)) {
                p.kill();
                return new Result(-1, p.stdout() + "\n[killed: still running after " + timeout + "]");
            }
            return new Result(p.exitValue(), p.stdout());
        }
    }

    /**
     * A loopback port free at the time of the call, for programs that cannot be told to pick one.
     * Another process may take it before the program binds it; callers retry on that.
     */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** What starts on the port it is given, and names that port in its own settings. */
    @FunctionalInterface
    public interface OnPort<T> {
        T start(int port) throws Exception;
    }

    /**
     * Starts {@code start} on a free loopback port, choosing again (three tries in all) when another
     * process took the port between the choice and the bind: for a server whose settings must name
     * its own port (a target of its own) before it binds it.
     */
    public static <T> T onFreeLoopbackPort(OnPort<T> start) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = freeLoopbackPort();
            try {
                return start.start(port);
            } catch (Exception e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code e}, or a cause, says the address was in use (a {@link BindException}, or a transport's own words). */
    public static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code n} distinct free loopback ports: each is held open until all are chosen, since ports
     * chosen one after another may repeat (the kernel may hand out a port just released).
     */
    public static int[] freeLoopbackPorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
