package io.ferry.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real remote-write receiver on a free loopback port: Debian's {@code victoria-metrics} where it is
 * installed, else Debian's Prometheus with {@code --web.enable-remote-write-receiver}; its storage
 * goes under a directory the test owns.
 *
 * <pre>{@code
 * try (RemoteWriteReceiver receiver = RemoteWriteReceiver.start(dir)) {
 *     ... remote_write: [{url: receiver.writeUrl()}] ...
 *     List<RemoteWriteReceiver.Series> up = receiver.latest("up{job=\"sites\"}");
 * }
 * }</pre>
 */
public final class RemoteWriteReceiver implements AutoCloseable {
    private static final String VICTORIA_METRICS = "victoria-metrics";

    private final ServerProcess process;
    private final boolean victoria;

    /** One series as stored: its labels ({@code __name__} included) and its latest value. */
    public record Series(Map<String, String> labels, double value) {
    }

    private RemoteWriteReceiver(ServerProcess process, boolean victoria) {
        this.process = process;
        this.victoria = victoria;
    }

    /** Starts VictoriaMetrics if installed, else a Prometheus receiver (skipped where neither is). */
    public static RemoteWriteReceiver start(Path dir) throws IOException, InterruptedException {
        if (ExternalTool.find(VICTORIA_METRICS).isPresent()) {
            return victoriaMetrics(dir, "127.0.0.1");
        }
        return new RemoteWriteReceiver(PrometheusServer.startReceiver(Files.createDirectories(dir.resolve("prometheus"))),
                false);
    }

    /**
     * VictoriaMetrics listening on {@code host} (an address of this machine, such as one end of a link
     * to a network namespace); skips the test where it is not installed.
     */
    public static RemoteWriteReceiver startVictoriaMetrics(Path dir, String host) throws IOException, InterruptedException {
        ExternalTool.require(VICTORIA_METRICS, VICTORIA_METRICS);
        return victoriaMetrics(dir, host);
    }

    private static RemoteWriteReceiver victoriaMetrics(Path dir, String host) throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("victoria-metrics"));
        String program = ExternalTool.find(VICTORIA_METRICS).orElseThrow().toString();
        return new RemoteWriteReceiver(ServerProcess.start(VICTORIA_METRICS, host, port -> List.of(program,
                "-httpListenAddr=" + host + ":" + port, "-storageDataPath=" + data, "-loggerLevel=ERROR"), "/health"),
                true);
    }

    /** Where remote_write sends. */
    public String writeUrl() {
        return process.baseUrl() + "/api/v1/write";
    }

    /** Which receiver this is, for messages. */
    public String name() {
        return victoria ? VICTORIA_METRICS : PrometheusServer.PROGRAM;
    }

    public String log() {
        return process.log();
    }

    /**
     * Every stored series {@code selector} matches, with its latest sample of the last hour: from
     * VictoriaMetrics' export (which shows samples at once), or Prometheus' {@code last_over_time}.
     */
    public List<Series> latest(String selector) throws IOException, InterruptedException {
        List<Series> out = new ArrayList<>();
        if (victoria) {
            HttpResponse<String> r = process.http().get("/api/v1/export?match[]="
                    + URLEncoder.encode(selector, StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as("export %s: %s", selector, r.body()).isEqualTo(200);
            for (String line : r.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o = new JsonObject(line);
                JsonArray values = o.getJsonArray("values");
                out.add(new Series(labels(o.getJsonObject("metric")),
                        Double.parseDouble(String.valueOf(values.getValue(values.size() - 1)))));
            }
            return out;
        }
        JsonArray result = PrometheusServer.query(process, "last_over_time(" + selector + "[1h])");
        for (int i = 0; i < result.size(); i++) {
            JsonObject o = result.getJsonObject(i);
            Map<String, String> labels = labels(o.getJsonObject("metric"));
            String name = selector.contains("{") ? selector.substring(0, selector.indexOf('{')) : selector;
            if (!name.isEmpty()) {
                labels.put("__name__", name); // last_over_time drops the name
            }
            out.add(new Series(labels, Double.parseDouble(o.getJsonArray("value").getString(1))));
        }
        return out;
    }

    /** One stored series with every sample's timestamp (ms), oldest first. */
    public record Timeline(Map<String, String> labels, List<Long> timestamps) {
    }

    /** Every sample of the series {@code selector} matches, from VictoriaMetrics' export (VictoriaMetrics only). */
    public List<Timeline> timelines(String selector) throws IOException, InterruptedException {
        if (!victoria) {
            throw new IllegalStateException("timelines are read from VictoriaMetrics' export; this is " + name());
        }
        HttpResponse<String> r = process.http().get("/api/v1/export?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("export %s: %s", selector, r.body()).isEqualTo(200);
        List<Timeline> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                JsonObject o = new JsonObject(line);
                List<Long> ts = new ArrayList<>();
                o.getJsonArray("timestamps").forEach(t -> ts.add(((Number) t).longValue()));
                ts.sort(null);
                out.add(new Timeline(labels(o.getJsonObject("metric")), ts));
            }
        }
        return out;
    }

    /** Whether this receiver is VictoriaMetrics (else Prometheus). */
    public boolean isVictoriaMetrics() {
        return victoria;
    }

    private static Map<String, String> labels(JsonObject metric) {
        Map<String, String> out = new TreeMap<>();
        metric.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        return out;
    }

    @Override
    public void close() {
        process.close();
    }
}
