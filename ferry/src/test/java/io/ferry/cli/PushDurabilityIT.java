package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import io.ferry.exposition.ParseLimits;
import io.ferry.exposition.PrometheusTextParser;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledged push survives {@code kill -9}: pushes run from several clients while the process
 * is killed without warning; after a restart on the same storage, every push that was answered 200
 * is served.
 */
class PushDurabilityIT {
    private static final int CLIENTS = 8;

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedPushSurvivesKillNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ChildProcess ferry = FerryJar.start(work, "--web.listen-address=127.0.0.1:0", "--storage.path=data")) {
            String address = FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            TestHttp http = TestHttp.to("http://" + address);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                String job = "client" + c;
                clients.submit(() -> {
                    for (int n = 0; !stop.get() && n < 100_000; n++) {
                        String key = job + "/" + n;
                        HttpRequest put = http.request("/metrics/job/" + job + "/n/" + n).timeout(Duration.ofSeconds(5))
                                .PUT(HttpRequest.BodyPublishers.ofString("pushed_value " + n + "\n")).build();
                        try {
                            if (http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                                acknowledged.add(key);
                            }
                        } catch (Exception e) {
                            return; // the server is gone
                        }
                    }
                });
            }
            Thread.sleep(2_000);
            ferry.kill(); // SIGKILL: no shutdown hook, no flush
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("pushes acknowledged before the kill").hasSizeGreaterThan(100);
        System.out.println("PushDurabilityIT: " + acknowledged.size() + " pushes acknowledged before kill -9");

        try (ChildProcess ferry = FerryJar.start(work, "--web.listen-address=127.0.0.1:0", "--storage.path=data")) {
            String address = FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            HttpResponse<byte[]> metrics = TestHttp.to("http://" + address).getBytes("/metrics");
            Set<String> served = new HashSet<>();
            List<MetricFamily> families = new PrometheusTextParser(ParseLimits.DEFAULT).parse(metrics.body());
            for (MetricFamily f : families) {
                if (f.name().equals("pushed_value")) {
                    for (Metric m : f.metrics()) {
                        served.add(m.labels().get("job") + "/" + m.labels().get("n"));
                    }
                }
            }
            assertThat(served).as("served after the restart; %s", new String(metrics.body(), 0,
                    Math.min(200, metrics.body().length), StandardCharsets.UTF_8)).containsAll(acknowledged);
        }
    }
}
