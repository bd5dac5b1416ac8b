package io.ferry.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scraping one target, with its own TSDB
 * under a directory the test owns, on a free loopback port.
 *
 * <pre>{@code
 * try (ServerProcess prometheus = PrometheusServer.start(dir, "127.0.0.1:" + port, Duration.ofSeconds(1))) {
 *     JsonArray up = PrometheusServer.query(prometheus, "up");
 * }
 * }</pre>
 */
public final class PrometheusServer {
    public static final String PROGRAM = "prometheus";
    /** The scrape job's name in the generated config. */
    public static final String JOB = "ferry";

    private PrometheusServer() {
    }

    /** Skips where Prometheus is not installed, fails in CI ({@link ExternalTool#require}). */
    public static Path requireAvailable() {
        return ExternalTool.require(PROGRAM, "prometheus");
    }

    /**
     * Starts Prometheus scraping {@code target} ({@code host:port}, path {@code /metrics}) every
     * {@code interval} with {@code honor_labels: true}, as the Pushgateway's README asks; config and
     * TSDB go under {@code dir}.
     */
    public static ServerProcess start(Path dir, String target, Duration interval) throws IOException, InterruptedException {
        return start(dir, target, interval, List.of());
    }

    /**
     * As {@link #start(Path, String, Duration)}, evaluating the alerting and recording rules of
     * {@code ruleFiles} every {@code interval}; alerts show in {@code GET /api/v1/alerts}.
     */
    public static ServerProcess start(Path dir, String target, Duration interval, List<Path> ruleFiles)
            throws IOException, InterruptedException {
        Path program = requireAvailable();
        String seconds = interval.toMillis() + "ms";
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: %s
                  scrape_timeout: %s
                  evaluation_interval: %s
                rule_files: [%s]
                scrape_configs:
                  - job_name: %s
                    honor_labels: true
                    static_configs:
                      - targets: ['%s']
                """.formatted(seconds, seconds, seconds,
                ruleFiles.stream().map(f -> "'" + f.toAbsolutePath() + "'").collect(java.util.stream.Collectors.joining(", ")),
                JOB, target));
        return launch(program, dir, config);
    }

    /**
     * Starts Prometheus with {@code scrapeConfigs} (the YAML of {@code scrape_configs:}'s list,
     * indented by two spaces) under a global interval and timeout of {@code interval}.
     */
    public static ServerProcess startWithScrapeConfigs(Path dir, Duration interval, String scrapeConfigs)
            throws IOException, InterruptedException {
        Path program = requireAvailable();
        String seconds = interval.toMillis() + "ms";
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: %s\n  scrape_timeout: %s\nscrape_configs:\n%s"
                .formatted(seconds, seconds, scrapeConfigs));
        return launch(program, dir, config);
    }

    /** Runs {@code program} with {@code config}, its TSDB under {@code dir}, until it is ready. */
    private static ServerProcess launch(Path program, Path dir, Path config) throws IOException, InterruptedException {
        Path tsdb = Files.createDirectories(dir.resolve("tsdb"));
        return ServerProcess.start("prometheus", port -> List.of(program.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tsdb,
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"), "/-/ready");
    }

    /**
     * Starts Prometheus as a remote write receiver ({@code --web.enable-remote-write-receiver},
     * {@code POST /api/v1/write}) that scrapes nothing; config and TSDB go under {@code dir}.
     */
    public static ServerProcess startReceiver(Path dir) throws IOException, InterruptedException {
        return ServerProcess.start("prometheus", receiverCommand(dir), "/-/ready");
    }

    /**
     * As {@link #startReceiver(Path)}, evaluating the alerting and recording rules of
     * {@code ruleFiles} every {@code interval}; alerts show in {@code GET /api/v1/alerts}.
     */
    public static ServerProcess startReceiver(Path dir, List<Path> ruleFiles, Duration interval)
            throws IOException, InterruptedException {
        return ServerProcess.start("prometheus", receiverCommand(dir, ruleFiles, interval), "/-/ready");
    }

    /**
     * As {@link #startReceiver(Path)} on a given port: to restart a receiver (same {@code dir}, so
     * the same TSDB) where its senders expect it.
     */
    public static ServerProcess startReceiver(Path dir, int port) throws IOException, InterruptedException {
        return ServerProcess.startOnPort("prometheus", port, receiverCommand(dir), "/-/ready");
    }

    /**
     * The result ({@code data.result}) of the instant query {@code expr} now, failing the test
     * unless Prometheus answers 200.
     */
    public static JsonArray query(ServerProcess prometheus, String expr) throws IOException, InterruptedException {
        return result(prometheus, expr, "");
    }

    /** As {@link #query(ServerProcess, String)}, evaluated at {@code timeSeconds} since the epoch. */
    public static JsonArray query(ServerProcess prometheus, String expr, double timeSeconds)
            throws IOException, InterruptedException {
        return result(prometheus, expr, "&time=" + timeSeconds);
    }

    private static JsonArray result(ServerProcess prometheus, String expr, String parameters)
            throws IOException, InterruptedException {
        HttpResponse<String> r = prometheus.http().get("/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8) + parameters);
        assertThat(r.statusCode()).as("query %s: %s", expr, r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
    }

    private static IntFunction<List<String>> receiverCommand(Path dir) throws IOException {
        return receiverCommand(dir, List.of(), Duration.ofMinutes(1));
    }

    private static IntFunction<List<String>> receiverCommand(Path dir, List<Path> ruleFiles, Duration evaluation)
            throws IOException {
        Path program = requireAvailable();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1m\n  evaluation_interval: %dms\nrule_files: [%s]\n".formatted(
                evaluation.toMillis(), ruleFiles.stream().map(f -> "'" + f.toAbsolutePath() + "'")
                        .collect(java.util.stream.Collectors.joining(", "))));
        Path tsdb = Files.createDirectories(dir.resolve("tsdb"));
        return port -> List.of(program.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tsdb,
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver",
                "--log.level=warn");
    }
}
