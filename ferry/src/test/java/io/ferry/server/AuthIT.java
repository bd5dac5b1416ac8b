package io.ferry.server;

import io.ferry.config.ConfigLoader;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bearer tokens scoped by job and action, through the real server and the JDK's HTTP client. */
class AuthIT {
    private static final String BACKUP = "Bearer backup-token-1";
    private static final String READER = "Bearer reader-token-2";
    private static final String ADMIN = "Bearer admin-token-3";
    private static final String CLEANER = "Bearer cleaner-token-4";

    @TempDir
    Path dir;

    private FerryConfig config(String read, boolean adminApi, boolean lifecycle) throws Exception {
        Files.writeString(dir.resolve("backup.token"), "backup-token-1\n");
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, """
                auth:
                  tokens:
                    - name: backup-writer
                      token_file: backup.token
                      jobs: ["backup", "backup-*"]
                      actions: [push]
                    - name: cleaner
                      token: cleaner-token-4
                      jobs: ["backup-*"]
                      actions: [delete]
                    - name: reader
                      token: reader-token-2
                      actions: [read]
                    - name: operator
                      token: admin-token-3
                      actions: [admin]
                  read: %s
                """.formatted(read));
        FerryConfig loaded = ConfigLoader.load(file);
        return loaded.withWeb(new WebConfig(ListenAddress.parse("127.0.0.1:0"), "", "", "/metrics", adminApi, lifecycle))
                .withStorage(new StorageConfig(dir.resolve("data"))).withStatsd(StatsdOptions.OFF);
    }

    private static HttpResponse<String> send(TestHttp http, String method, String path, String body, String auth)
            throws Exception {
        return auth == null ? http.send(method, path, body) : http.send(method, path, body, "Authorization", auth);
    }

    @Test
    void pushNeedsATokenWhoseJobsMatch() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("open", false, false))) {
            TestHttp http = TestHttp.local(ferry.port());
            HttpResponse<String> none = send(http, "PUT", "/metrics/job/backup", "a 1\n", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"ferry\"");
            assertThat(none.body()).isEqualTo("Unauthorized\n");
            assertThat(send(http, "PUT", "/metrics/job/backup", "a 1\n", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(send(http, "PUT", "/metrics/job/backup", "a 1\n", "Basic YTpi").statusCode()).isEqualTo(401);

            assertThat(send(http, "PUT", "/metrics/job/backup", "a 1\n", BACKUP).statusCode()).isEqualTo(200);
            assertThat(send(http, "POST", "/metrics/job/backup-db/instance/x", "a 1\n", BACKUP).statusCode()).isEqualTo(200);
            assertThat(send(http, "PUT", "/metrics/job@base64/YmFja3VwLWV0bA", "a 1\n", BACKUP).statusCode())
                    .as("backup-etl, base64-encoded").isEqualTo(200);
            HttpResponse<String> etl = send(http, "PUT", "/metrics/job/etl", "a 1\n", BACKUP);
            assertThat(etl.statusCode()).isEqualTo(403);
            assertThat(etl.body()).isEqualTo("Forbidden: token \"backup-writer\" may not push job \"etl\"\n");
            assertThat(send(http, "PUT", "/metrics/job/etl", "a 1\n", READER).statusCode()).isEqualTo(403);
            assertThat(send(http, "PUT", "/metrics/job/etl", "a 1\n", ADMIN).statusCode()).isEqualTo(403);

            // Reading is open: everything pushed is served, the refused push stored nothing.
            String metrics = http.get("/metrics").body();
            assertThat(metrics).contains("a{instance=\"\",job=\"backup\"} 1", "a{instance=\"x\",job=\"backup-db\"} 1")
                    .doesNotContain("job=\"etl\"");
        }
    }

    @Test
    void deleteNeedsTheDeleteActionOnTheJob() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("open", false, false))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(send(http, "PUT", "/metrics/job/backup-db", "a 1\n", BACKUP).statusCode()).isEqualTo(200);
            assertThat(send(http, "PUT", "/metrics/job/backup", "a 1\n", BACKUP).statusCode()).isEqualTo(200);

            assertThat(send(http, "DELETE", "/metrics/job/backup-db", null, null).statusCode()).isEqualTo(401);
            assertThat(send(http, "DELETE", "/metrics/job/backup-db", null, BACKUP).statusCode())
                    .as("push only").isEqualTo(403);
            assertThat(send(http, "DELETE", "/metrics/job/backup", null, CLEANER).statusCode())
                    .as("backup-* does not match backup").isEqualTo(403);
            assertThat(send(http, "DELETE", "/metrics/job/backup-db", null, CLEANER).statusCode()).isEqualTo(202);
            assertThat(send(http, "PUT", "/metrics/job/backup-db", "a 1\n", CLEANER).statusCode())
                    .as("delete only").isEqualTo(403);
            assertThat(http.get("/metrics").body()).contains("job=\"backup\"").doesNotContain("job=\"backup-db\"");
        }
    }

    @Test
    void deleteByMatchersTakesOnlyTheJobsTheTokenMayDelete() throws Exception {
        String match = "/api/v1/groups?match[]=" + java.net.URLEncoder.encode("{instance=\"x\"}",
                java.nio.charset.StandardCharsets.UTF_8);
        try (FerryServer ferry = FerryServer.start(config("open", false, false))) {
            TestHttp http = TestHttp.local(ferry.port());
            for (String job : new String[]{"backup", "backup-db", "backup-etl"}) {
                assertThat(send(http, "PUT", "/metrics/job/" + job + "/instance/x", "a 1\n", BACKUP).statusCode())
                        .isEqualTo(200);
            }
            assertThat(send(http, "DELETE", match, null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> pushOnly = send(http, "DELETE", match, null, BACKUP);
            assertThat(pushOnly.statusCode()).isEqualTo(403);
            assertThat(pushOnly.body()).isEqualTo("Forbidden: token \"backup-writer\" may not delete\n");
            assertThat(send(http, "DELETE", match, null, READER).statusCode()).isEqualTo(403);

            // The cleaner may delete backup-*: both of those go, backup (outside its jobs) stays.
            HttpResponse<String> cleaned = send(http, "DELETE", match, null, CLEANER);
            assertThat(cleaned.statusCode()).isEqualTo(200);
            assertThat(cleaned.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"deleted\":2}}");
            assertThat(http.get("/metrics").body()).contains("a{instance=\"x\",job=\"backup\"} 1")
                    .doesNotContain("job=\"backup-db\"").doesNotContain("job=\"backup-etl\"");

            // Admin may delete every job's groups.
            HttpResponse<String> admin = send(http, "DELETE", match, null, ADMIN);
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(admin.body()).contains("\"deleted\":1");
            assertThat(http.get("/metrics").body()).doesNotContain("job=\"backup\"");
        }
    }

    @Test
    void readTokenProtectsMetricsApiAndStatusPageButNotProbes() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("token", false, false))) {
            TestHttp http = TestHttp.local(ferry.port());
            for (String path : new String[]{"/metrics", "/api/v1/status", "/api/v1/metrics", "/", "/status"}) {
                assertThat(send(http, "GET", path, null, null).statusCode()).as(path).isEqualTo(401);
                assertThat(send(http, "GET", path, null, BACKUP).statusCode()).as(path).isEqualTo(403);
                assertThat(send(http, "GET", path, null, READER).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(http.status("GET", "/-/healthy")).isEqualTo(200);
            assertThat(http.status("GET", "/-/ready")).isEqualTo(200);
            assertThat(http.status("OPTIONS", "/api/v1/status")).isEqualTo(200);
        }
    }

    @Test
    void wipeNeedsTheFlagAndTheAdminAction() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("open", false, false))) {
            assertThat(send(TestHttp.local(ferry.port()), "PUT", "/api/v1/admin/wipe", null, ADMIN).statusCode())
                    .as("without --web.enable-admin-api").isEqualTo(404);
        }
        try (FerryServer ferry = FerryServer.start(config("open", true, false))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(send(http, "PUT", "/metrics/job/backup", "a 1\n", BACKUP).statusCode()).isEqualTo(200);
            assertThat(send(http, "PUT", "/api/v1/admin/wipe", null, null).statusCode()).isEqualTo(401);
            assertThat(send(http, "PUT", "/api/v1/admin/wipe", null, BACKUP).statusCode()).isEqualTo(403);
            assertThat(http.get("/metrics").body()).contains("job=\"backup\"");
            assertThat(send(http, "PUT", "/api/v1/admin/wipe", null, ADMIN).statusCode()).isEqualTo(202);
            assertThat(http.get("/metrics").body()).doesNotContain("job=\"backup\"");
        }
    }

    @Test
    void lifecycleNeedsTheAdminAction() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("open", false, true))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(send(http, "POST", "/-/reload", null, null).statusCode()).isEqualTo(401);
            assertThat(send(http, "POST", "/-/quit", null, READER).statusCode()).isEqualTo(403);
            assertThat(send(http, "POST", "/-/reload", null, ADMIN).statusCode()).isEqualTo(200);
            assertThat(ferry.quitRequested().toCompletableFuture()).isNotDone();
            assertThat(send(http, "POST", "/-/quit", null, ADMIN).statusCode()).isEqualTo(200);
            // The stop is asked once the answer is written, so it may come just after the client has it.
            assertThat(ferry.quitRequested().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo("POST /-/quit");
        }
    }

    @Test
    void withoutAuthFerryStaysOpen() throws Exception {
        FerryConfig open = new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")),
                new StorageConfig(dir.resolve("data")), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
        try (FerryServer ferry = FerryServer.start(open)) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/metrics/job/etl", "a 1\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/metrics/job/etl", "a 1\n", "Authorization", "Bearer anything").statusCode())
                    .isEqualTo(200);
            assertThat(http.status("DELETE", "/metrics/job/etl")).isEqualTo(202);
        }
    }

    @Test
    void aRefusedPushWithALargeBodyLeavesTheConnectionUsableOrClosesIt() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("open", false, false));
             java.net.Socket socket = new java.net.Socket("127.0.0.1", ferry.port())) {
            socket.setSoTimeout(10_000);
            byte[] body = "a 1\n".repeat(512 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII); // 2 MiB
            String head = "PUT /metrics/job/backup HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            // The body is written apart from the reads: a server that stops reading must not block the test.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(body);
                    socket.getOutputStream().write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                } catch (java.io.IOException closed) {
                    // The server closed the connection after its answer: allowed.
                }
            });
            java.io.InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            try {
                int c;
                while ((c = in.read()) != -1 && seen.length() < 100_000) {
                    seen.append((char) c);
                    if (seen.indexOf("200 OK") >= 0 && seen.toString().endsWith("OK")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException stuck) {
                seen.append("\n<no more within 10 s>");
            }
            writer.join(10_000);
            String answers = seen.toString();
            assertThat(answers).startsWith("HTTP/1.1 401");
            // Either the refusal closed the connection, or the next request on it was answered; never a hang.
            boolean closed = answers.toLowerCase(java.util.Locale.ROOT).contains("connection: close")
                    && !answers.contains("<no more");
            assertThat(closed || answers.contains("HTTP/1.1 200")).as(answers).isTrue();
        }
    }
}
