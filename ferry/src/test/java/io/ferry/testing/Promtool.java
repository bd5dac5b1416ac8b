package io.ferry.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus' {@code promtool} from PATH, the reference checker for expositions. */
public final class Promtool {
    private Promtool() {
    }

    /** promtool's verdict: exit 0 clean, 3 lint findings only, 1 an exposition it cannot parse. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Skips the calling test where promtool is missing, except in CI ({@code CI} set), whose
     * {@code .ci/run} installs it: there a missing promtool fails the test instead of hiding it.
     */
    public static void requireAvailable() {
        if (System.getenv("CI") != null && !available()) {
            throw new AssertionError("promtool is not on PATH although CI is set; .ci/run installs Debian's prometheus");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available(),
                "promtool is not installed (Debian package 'prometheus'; .ci/run installs it)");
    }

    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "promtool"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code promtool check rules file}: exit 0 when every rule parses and its expression is valid PromQL. */
    public static Result checkRules(Path file) throws IOException, InterruptedException {
        return run(new ProcessBuilder("promtool", "check", "rules", file.toString()));
    }

    /** {@code promtool check config file}: exit 0 when Prometheus would load the file as its prometheus.yml. */
    public static Result checkConfig(Path file) throws IOException, InterruptedException {
        return run(new ProcessBuilder("promtool", "check", "config", file.toString()));
    }

    /** {@code promtool check metrics < file}; promtool reads the exposition from stdin. */
    public static Result checkMetrics(Path file) throws IOException, InterruptedException {
        return run(new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile()));
    }

    /**
     * Runs promtool to its end, at most 30 s. Its output is read while it runs, so that a long one
     * cannot fill the pipe and stall it.
     */
    private static Result run(ProcessBuilder command) throws IOException, InterruptedException {
        Process p = command.redirectErrorStream(true).start();
        try {
            java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("promtool did not finish in 30 s");
            }
            return new Result(p.exitValue(), new String(output.join(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
