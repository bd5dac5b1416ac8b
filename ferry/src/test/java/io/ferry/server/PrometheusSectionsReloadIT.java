package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.ListenAddress;
import io.ferry.log.Level;
import io.ferry.log.Log;
import io.ferry.log.LogFormat;
import io.ferry.testing.TestCerts;
import io.ferry.testing.TestHttp;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Ferry started on a file with prometheus.yml's sections, reloaded with changed and broken
 * ones: the reload answers as for any other setting and Ferry keeps serving pushes.
 */
class PrometheusSectionsReloadIT {
    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() {
        Log.configure(Level.INFO, LogFormat.LOGFMT);
    }

    @Test
    void reloadReadsTheSectionsAndRefusesABrokenOneWhole() throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.copy(Path.of("src/test/resources/io/ferry/config/prometheus-agent.yml"), file);
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null,
                null, null, null, null, null, null, true, null, null, null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        try (FerryServer ferry = FerryServer.start(source.load(), source)) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/metrics/job/a", "m 1\n").statusCode()).isEqualTo(200);

            Files.writeString(file, Files.readString(file).replace("scrape_interval: 15s", "scrape_interval: 20s"));
            HttpResponse<String> ok = http.send("POST", "/-/reload", null);
            assertThat(ok.statusCode()).isEqualTo(200);

            Files.writeString(file, "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 6s\n");
            HttpResponse<String> bad = http.send("POST", "/-/reload", null);
            assertThat(bad.statusCode()).isEqualTo(500);
            assertThat(bad.body()).isEqualTo("failed to reload config: " + file
                    + ":4: scrape_configs[0].scrape_timeout: 6s is longer than scrape_interval 5s\n");

            assertThat(http.send("PUT", "/metrics/job/b", "m 2\n").statusCode()).isEqualTo(200);
            assertThat(http.get("/-/healthy").statusCode()).isEqualTo(200);
        }
    }

    /**
     * A reload whose changed remote_write cannot start (its password file is gone) is refused whole:
     * the remote write running goes on sending, and a later reload with the file back applies it.
     */
    @Test
    void aReloadWhoseRemoteWriteCannotStartChangesNothing() throws Exception {
        Files.writeString(dir.resolve("pw"), "s3cret\n");
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/api/v1/write", exchange -> {
            exchange.getRequestBody().readAllBytes();
            writes.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path file = dir.resolve("ferry.yml");
        String config = """
                global:
                  scrape_interval: 1s
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    name: rx
                    remote_timeout: 10s
                    basic_auth: {username: ferry, password_file: pw}
                """.formatted(receiver.getAddress().getPort());
        Files.writeString(file, config);
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null,
                null, null, null, null, null, null, true, null, null, null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        try (FerryServer ferry = FerryServer.start(source.load(), source)) {
            TestHttp http = TestHttp.local(ferry.port());
            awaitMore(writes, 0);

            Files.delete(dir.resolve("pw"));
            Files.writeString(file, config.replace("remote_timeout: 10s", "remote_timeout: 20s"));
            HttpResponse<String> refused = http.send("POST", "/-/reload", null);
            assertThat(refused.statusCode()).isEqualTo(500);
            assertThat(refused.body()).startsWith("failed to reload config: " + file + ": remote_write rx: ")
                    .contains("password_file");
            int before = writes.get();
            awaitMore(writes, before); // the running remote write goes on sending

            Files.writeString(dir.resolve("pw"), "s3cret\n");
            assertThat(http.send("POST", "/-/reload", null).statusCode()).isEqualTo(200);
            awaitMore(writes, writes.get());
        } finally {
            receiver.stop(0);
        }
    }

    private static void awaitMore(java.util.concurrent.atomic.AtomicInteger count, int than) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count.get() <= than) {
            assertThat(System.nanoTime()).as("a remote write within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void remoteWriteFilesAreFoundBesideTheConfigFile() throws Exception {
        // The files are named relative to the config file, which is not in the working directory.
        Path pki = Files.createDirectories(dir.resolve("pki"));
        TestCerts certs = TestCerts.create(pki);
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/pw"), "s3cret\n");
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpsServer receiver = certs.httpsServer(false);
        receiver.createContext("/api/v1/write", exchange -> {
            exchange.getRequestBody().readAllBytes();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, """
                global:
                  scrape_interval: 1s
                remote_write:
                  - url: https://127.0.0.1:%d/api/v1/write
                    basic_auth: {username: ferry, password_file: secrets/pw}
                    tls_config: {ca_file: pki/ca.pem}
                """.formatted(receiver.getAddress().getPort()));
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null,
                null, null, null, null, null, null, null, null, null, null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        try (FerryServer ferry = FerryServer.start(source.load(), source)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (authorizations.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            receiver.stop(0);
        }
        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo(
                "Basic " + Base64.getEncoder().encodeToString("ferry:s3cret".getBytes(StandardCharsets.UTF_8))));
    }
}
