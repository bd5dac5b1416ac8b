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

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of authentication (issue 12, item 9): probes that carry credentials, two
 * {@code Authorization} headers, and the wrong method on {@code /-/quit}.
 */
class AuthEdgesIT {
    /** bcrypt of "alice123". */
    private static final String ALICE = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

    @TempDir
    Path dir;

    /** Tokens, and basic-auth users that leave {@code /-/ready} open. */
    private FerryServer start() throws Exception {
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "basic_auth_users:\n  alice: " + ALICE + "\nbasic_auth_excluded_paths: [/-/ready]\n");
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, """
                auth:
                  tokens:
                    - name: operator
                      token: admin-token
                      actions: [admin, read]
                  read: token
                web:
                  config_file: web.yml
                """);
        FerryConfig loaded = ConfigLoader.load(file);
        return FerryServer.start(loaded
                .withWeb(new WebConfig(ListenAddress.parse("127.0.0.1:0"), "", "", "/metrics", false, true))
                .withStorage(new StorageConfig(dir.resolve("data"))).withStatsd(StatsdOptions.OFF));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOpenProbeAnswersWhateverAuthorizationItCarries() throws Exception {
        try (FerryServer ferry = start()) {
            TestHttp http = TestHttp.local(ferry.port());
            for (String authorization : new String[] {"Bearer unknown-token", basic("alice", "wrong"),
                    basic("mallory", "x"), "Negotiate abc", "garbage"}) {
                assertThat(http.get("/-/ready", "Authorization", authorization).statusCode())
                        .as("/-/ready with %s", authorization).isEqualTo(200);
            }
            // /-/healthy is protected by the basic-auth users here, and judged as any protected path.
            assertThat(http.get("/-/healthy", "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(401);
            assertThat(http.get("/-/healthy", "Authorization", basic("alice", "alice123")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void twoAuthorizationHeadersAreABadRequest() throws Exception {
        try (FerryServer ferry = start()) {
            String answer = raw(ferry, "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer admin-token\r\n"
                    + "Authorization: Bearer unknown\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("Bad Request: more than one Authorization header\n");
            // Either order: the first one does not win.
            assertThat(raw(ferry, "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer unknown\r\n"
                    + "Authorization: Bearer admin-token\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ");
            assertThat(raw(ferry, "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer admin-token\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void theWrongMethodOnQuitIs405BeforeAuthentication() throws Exception {
        try (FerryServer ferry = start()) {
            TestHttp http = TestHttp.local(ferry.port());
            var get = http.get("/-/quit");
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.body()).isEqualTo("Only POST or PUT requests allowed.");
            assertThat(http.get("/-/quit", "Authorization", "Bearer unknown").statusCode()).isEqualTo(405);
            assertThat(http.get("/-/reload").statusCode()).isEqualTo(405);
            assertThat(http.status("DELETE", "/-/quit")).isEqualTo(405);
            assertThat(http.status("PATCH", "/-/quit")).isEqualTo(405);
            // The right method still needs the admin action.
            assertThat(http.status("PUT", "/-/quit")).isEqualTo(401);
            assertThat(ferry.quitRequested().toCompletableFuture()).isNotDone();
        }
    }

    /** One request on its own connection; the whole answer, read until the server closes. */
    private static String raw(FerryServer ferry, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", ferry.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
