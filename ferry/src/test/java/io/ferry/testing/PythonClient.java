package io.ferry.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Python 3 with its {@code prometheus_client} (package {@code python3-prometheus-client}),
 * a real client of the push API. Always {@code /usr/bin/python3}: a python3 earlier on PATH (pyenv,
 * a virtualenv) may lack the Debian package.
 */
public final class PythonClient {
    public static final String PYTHON = "/usr/bin/python3";

    private PythonClient() {
    }

    /** Skips where Python or its prometheus_client is missing; fails in CI ({@link ExternalTool}). */
    public static void requireAvailable() throws IOException, InterruptedException {
        boolean python = ExternalTool.find(PYTHON).isPresent();
        boolean client = python && ExternalTool.run(List.of(PYTHON, "-c", "import prometheus_client"),
                Duration.ofSeconds(30)).exitCode() == 0;
        ExternalTool.requireThat(client, PYTHON + " with prometheus_client is not installed (Debian package "
                + "'python3-prometheus-client'; .ci/run installs it)");
    }

    /** Runs {@code script} with {@code args}, bounded to 30 s. */
    public static ExternalTool.Result run(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        return ExternalTool.run(command, Duration.ofSeconds(30));
    }
}
