package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferry serve} with tokens and {@code --web.config.file}: secrets never reach the log, even at
 * debug level, for good and bad credentials alike; a missing token file stops Ferry naming the key.
 */
class AuthProcessIT {
    private static final String ALICE = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

    @TempDir
    Path dir;

    @Test
    void tokensAndPasswordsNeverAppearInTheLog() throws Exception {
        Files.writeString(dir.resolve("push.token"), "tok-SECRET-push-1\n");
        Path config = dir.resolve("ferry.yml");
        Files.writeString(config, """
                auth:
                  tokens:
                    - name: pusher
                      token_file: push.token
                      jobs: [backup]
                      actions: [push]
                    - name: operator
                      token: tok-SECRET-admin-2
                      actions: [admin]
                """);
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "basic_auth_users:\n  alice: " + ALICE + "\n");
        try (ChildProcess ferry = FerryJar.start(dir, "--config.file=" + config, "--web.config.file=" + web,
                "--web.listen-address=127.0.0.1:0", "--storage.path=" + dir.resolve("data"), "--log.level=debug",
                "--web.enable-lifecycle")) {
            String address = FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            TestHttp http = TestHttp.to("http://" + address.replace("0.0.0.0", "127.0.0.1"));
            assertThat(send(http, "PUT", "/metrics/job/backup", "Bearer tok-SECRET-push-1")).isEqualTo(200);
            assertThat(send(http, "PUT", "/metrics/job/etl", "Bearer tok-SECRET-push-1")).isEqualTo(403);
            assertThat(send(http, "PUT", "/metrics/job/etl", "Bearer tok-SECRET-wrong-3")).isEqualTo(401);
            assertThat(send(http, "PUT", "/metrics/job/etl", basic("alice", "pw-SECRET-wrong-4"))).isEqualTo(401);
            assertThat(send(http, "PUT", "/metrics/job/etl", basic("alice", "alice123"))).isEqualTo(200);
            assertThat(send(http, "POST", "/-/reload", "Bearer tok-SECRET-admin-2")).isEqualTo(200);
            assertThat(send(http, "GET", "/metrics", null)).as("basic auth protects reading").isEqualTo(401);

            ferry.signal("INT");
            assertThat(ferry.awaitExit(Duration.ofSeconds(20))).isTrue();
            String log = ferry.stderr();
            assertThat(log).contains("level=debug", "request forbidden", "request unauthorized")
                    .doesNotContain("SECRET", "alice123", ALICE);
        }
    }

    @Test
    void aMissingTokenFileStopsFerryNamingTheKey() throws Exception {
        Path config = dir.resolve("ferry.yml");
        Files.writeString(config, "auth:\n  tokens:\n    - name: a\n      token_file: gone.token\n      actions: [admin]\n");
        try (ChildProcess ferry = FerryJar.start(dir, "--config.file=" + config,
                "--web.listen-address=127.0.0.1:0", "--storage.path=" + dir.resolve("data"))) {
            assertThat(ferry.awaitExit(Duration.ofSeconds(30))).isTrue();
            assertThat(ferry.exitValue()).isEqualTo(1);
            assertThat(ferry.stderr()).contains("ferry.yml:4: auth.tokens[0].token_file: file ")
                    .contains("gone.token does not exist");
        }
    }

    /** The status of a request with {@code auth} as its Authorization header (none where null). */
    private static int send(TestHttp http, String method, String path, String auth) throws Exception {
        String body = method.equals("PUT") ? "x 1\n" : null;
        String[] headers = auth == null ? new String[0] : new String[]{"Authorization", auth};
        return http.send(method, path, body, headers).statusCode();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}
