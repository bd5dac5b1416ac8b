package io.ferry.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}), run in memory only on
 * a free loopback port: the reference the differential tests compare Ferry with.
 *
 * <pre>{@code
 * Pushgateway.requireAvailable();
 * try (ServerProcess pgw = Pushgateway.start()) {
 *     URI uri = URI.create(pgw.baseUrl() + "/metrics/job/x");
 * }
 * }</pre>
 */
public final class Pushgateway {
    public static final String PROGRAM = "prometheus-pushgateway";

    private Pushgateway() {
    }

    /** Skips where the Pushgateway is not installed, fails in CI ({@link ExternalTool#require}). */
    public static Path requireAvailable() {
        return ExternalTool.require(PROGRAM, "prometheus-pushgateway");
    }

    /**
     * Starts the Pushgateway with {@code extraFlags}. {@code --persistence.file=} is always given:
     * Debian's build defaults to a file under /var/lib, which would carry groups from run to run.
     */
    public static ServerProcess start(String... extraFlags) throws IOException, InterruptedException {
        Path program = requireAvailable();
        return ServerProcess.start("pushgateway", port -> {
            List<String> command = new ArrayList<>(List.of(program.toString(),
                    "--web.listen-address=127.0.0.1:" + port, "--persistence.file="));
            command.addAll(List.of(extraFlags));
            return command;
        }, "/-/ready");
    }

    /** The first line of {@code prometheus-pushgateway --version}, for messages and reports. */
    public static String version() throws IOException, InterruptedException {
        ExternalTool.Result r = ExternalTool.run(List.of(requireAvailable().toString(), "--version"),
                java.time.Duration.ofSeconds(10));
        return r.output().lines().findFirst().orElse("");
    }
}
