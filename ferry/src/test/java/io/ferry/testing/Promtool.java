package io.ferry.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs Prometheus' {@code promtool} from PATH, the reference checker for expositions. */
public final class Promtool {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
        ExternalTool.require("promtool", "prometheus");
    }

    /** {@code promtool check rules file}: exit 0 when every rule parses and its expression is valid PromQL. */
    public static Result checkRules(Path file) throws IOException, InterruptedException {
        return run(ChildProcess.builder("promtool", "check", "rules", file.toString()));
    }

    /** {@code promtool check config file}: exit 0 when Prometheus would load the file as its prometheus.yml. */
    public static Result checkConfig(Path file) throws IOException, InterruptedException {
        return run(ChildProcess.builder("promtool", "check", "config", file.toString()));
    }

    /** {@code promtool check metrics < file}; promtool reads the exposition from stdin. */
    public static Result checkMetrics(Path file) throws IOException, InterruptedException {
        return run(ChildProcess.builder(List.of("promtool", "check", "metrics")).stdin(file));
    }

    /** Runs promtool to its end, at most 30 s. */
    private static Result run(ChildProcess.Builder command) throws IOException, InterruptedException {
        try (ChildProcess p = command.mergeStderr().start()) {
            if (!p.awaitExit(TIMEOUT)) {
                throw new IOException("promtool did not finish in " + TIMEOUT + ":\n" + p.stdout());
            }
            return new Result(p.exitValue(), p.stdout());
        }
    }
}
