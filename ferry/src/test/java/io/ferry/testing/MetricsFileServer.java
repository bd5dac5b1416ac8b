package io.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A scrape target that is nothing but a file: Python's {@code http.server} ({@code /usr/bin/python3},
 * standard library) serving a directory whose {@code metrics} file holds the exposition, so
 * {@code GET /metrics} answers it.
 *
 * <pre>{@code
 * try (ServerProcess target = MetricsFileServer.start(dir, "site_temperature_celsius 21.5\n")) {
 *     String address = "127.0.0.1:" + target.port();
 * }
 * }</pre>
 */
public final class MetricsFileServer {
    private MetricsFileServer() {
    }

    /** Serves {@code metrics} on a free loopback port, from {@code dir/www}; ready once it answers. */
    public static ServerProcess start(Path dir, String metrics) throws IOException, InterruptedException {
        Path www = write(dir, metrics);
        return ServerProcess.start("python3 http.server", port -> command(www, "127.0.0.1", port), "/metrics");
    }

    /** Writes {@code metrics} to {@code dir/www/metrics} and returns {@code dir/www}, for {@link #command}. */
    public static Path write(Path dir, String metrics) throws IOException {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("metrics"), metrics);
        return www;
    }

    /** The command serving {@code www} on {@code address:port}, to run where a test needs it. */
    public static List<String> command(Path www, String address, int port) {
        ExternalTool.require(PythonClient.PYTHON, "python3");
        return List.of(PythonClient.PYTHON, "-m", "http.server", "--bind", address, "--directory", www.toString(),
                Integer.toString(port));
    }
}
