package io.ferry.cli.gateway;

import io.ferry.testing.ExternalTool;
import io.ferry.testing.TestCerts;
import io.ferry.http.ClientTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link GatewayClient} against a recording fake server: requests, retries, credentials and TLS. */
class GatewayClientTest {
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TOKEN = "s3cr3t-t0ken";

    private final List<String> notices = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    /** A clock that only the waits move, so the retry time is tested without sleeping. */
    private final AtomicLong nanos = new AtomicLong();
    private final List<AutoCloseable> open = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private GatewayClient client(Credentials credentials, SSLContext tls, RetryPolicy policy) {
        // The HTTP client GatewayClient.create makes, with the waits recorded and skipped.
        GatewayClient c = new GatewayClient(GatewayClient.http(tls, policy), credentials, policy, notices::add, new SplittableRandom(1),
                nanos::get, (wait, stop) -> {
                    waits.add(wait);
                    nanos.addAndGet(wait.toNanos());
                    return !stop.isStopped();
                });
        open.add(c);
        return c;
    }

    private GatewayClient client(Credentials credentials) {
        return client(credentials, null, RetryPolicy.DEFAULT);
    }

    private FakeGateway gateway() throws Exception {
        FakeGateway g = FakeGateway.http();
        open.add(g);
        return g;
    }

    private static URI group(FakeGateway g) {
        return GatewayUrl.parse(g.base() + "/pg").groupUri(GroupingPath.of("backup", Map.of("path", "/var/tmp")));
    }

    @Test
    void sendsMethodPathBodyTypeAndBearerToken() throws Exception {
        FakeGateway g = gateway();
        PushResult r = client(new Credentials.Bearer(TOKEN)).send("PUT", group(g), "m 1\n".getBytes(StandardCharsets.UTF_8),
                TEXT, new StopSignal());
        assertThat(r).isEqualTo(new PushResult.Delivered(200, 1));
        FakeGateway.Request req = g.requests.getFirst();
        assertThat(req.method()).isEqualTo("PUT");
        assertThat(req.rawPath()).isEqualTo("/pg/metrics/job/backup/path@base64/L3Zhci90bXA");
        assertThat(req.header("Content-Type")).isEqualTo(TEXT);
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.header("User-Agent")).startsWith("ferry/");
        assertThat(req.bodyText()).isEqualTo("m 1\n");
    }

    @Test
    void sendsBasicAuthAndADeleteWithoutBody() throws Exception {
        FakeGateway g = gateway().then(202, "");
        PushResult r = client(new Credentials.Basic("pusher", "pä:ss")).send("DELETE", group(g), null, null, new StopSignal());
        assertThat(r).isEqualTo(new PushResult.Delivered(202, 1));
        FakeGateway.Request req = g.requests.getFirst();
        assertThat(req.method()).isEqualTo("DELETE");
        assertThat(req.body()).isEmpty();
        assertThat(req.header("Content-Type")).isNull();
        assertThat(req.header("Authorization")).isEqualTo("Basic cHVzaGVyOnDDpDpzcw==");
    }

    @Test
    void noCredentialsSendsNoAuthorization() throws Exception {
        FakeGateway g = gateway();
        client(Credentials.NONE).send("POST", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(g.requests.getFirst().header("Authorization")).isNull();
    }

    @Test
    void retries5xxAnd429ThenSucceeds() throws Exception {
        FakeGateway g = gateway().then(503, "not ready").then(500, "boom").then(429, "slow down");
        PushResult r = client(Credentials.NONE).send("PUT", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(r).isEqualTo(new PushResult.Delivered(200, 4));
        assertThat(g.requests).hasSize(4);
        assertThat(notices).hasSize(3);
        assertThat(notices.getFirst()).startsWith("attempt 1 of 6 failed: HTTP 503: not ready; retrying in ");
        // Exponential with jitter in the upper half: 0.25-0.5 s, 0.5-1 s, 1-2 s.
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        FakeGateway g = gateway().then(new FakeGateway.Answer(429, "", Map.of("Retry-After", "7")));
        PushResult r = client(Credentials.NONE).send("PUT", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(r).isInstanceOf(PushResult.Delivered.class);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void neverRetriesOther4xxAndKeepsTheMessage() throws Exception {
        FakeGateway g = gateway().then(400, "pushed metrics are invalid or inconsistent with existing metrics: x\n");
        PushResult r = client(Credentials.NONE).send("PUT", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(r).isEqualTo(new PushResult.Refused(400,
                "pushed metrics are invalid or inconsistent with existing metrics: x", 1));
        assertThat(g.requests).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        FakeGateway g = gateway().then(new FakeGateway.Answer(307, "", Map.of("Location", "http://127.0.0.2:1/x")));
        PushResult r = client(new Credentials.Bearer(TOKEN)).send("PUT", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(r).isInstanceOf(PushResult.Refused.class);
        assertThat(((PushResult.Refused) r).status()).isEqualTo(307);
        assertThat(g.requests).hasSize(1);
    }

    @Test
    void givesUpAfterTheRetries() throws Exception {
        FakeGateway g = gateway();
        for (int i = 0; i < 10; i++) {
            g.then(502, "bad gateway");
        }
        RetryPolicy policy = new RetryPolicy(2, Duration.ofMinutes(5), Duration.ofSeconds(5));
        PushResult r = client(Credentials.NONE, null, policy).send("PUT", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(r).isEqualTo(new PushResult.Undelivered("HTTP 502: bad gateway (gave up after 3 attempts)", 3));
        assertThat(g.requests).hasSize(3);
    }

    @Test
    void givesUpWhenTheNextAttemptWouldStartPastTheRetryTime() throws Exception {
        FakeGateway g = gateway();
        for (int i = 0; i < 20; i++) {
            g.then(503, "");
        }
        RetryPolicy policy = new RetryPolicy(100, Duration.ofSeconds(20), Duration.ofSeconds(5));
        PushResult r = client(Credentials.NONE, null, policy).send("PUT", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(r).isInstanceOf(PushResult.Undelivered.class);
        assertThat(((PushResult.Undelivered) r).reason()).contains("past the retry time of 20s");
        assertThat(Duration.ofNanos(nanos.get())).isLessThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(g.requests.size()).isBetween(4, 8);
    }

    @Test
    void aStopEndsTheRetries() throws Exception {
        FakeGateway g = gateway().then(503, "").then(503, "");
        StopSignal stop = new StopSignal();
        stop.stop();
        PushResult r = client(Credentials.NONE).send("PUT", group(g), new byte[0], TEXT, stop);
        assertThat(r).isInstanceOf(PushResult.Undelivered.class);
        assertThat(((PushResult.Undelivered) r).reason()).contains("stopped after 1 attempt");
        assertThat(g.requests).hasSize(1);
    }

    @Test
    void retriesAConnectionRefusedAndNeverShowsTheToken() throws Exception {
        int port = ExternalTool.freeLoopbackPort();
        URI uri = GatewayUrl.parse("http://127.0.0.1:" + port).groupUri(GroupingPath.of("j", Map.of()));
        RetryPolicy policy = new RetryPolicy(2, Duration.ofMinutes(1), Duration.ofSeconds(5));
        PushResult r = client(new Credentials.Bearer(TOKEN), null, policy).send("PUT", uri, new byte[0], TEXT, new StopSignal());
        assertThat(r).isInstanceOf(PushResult.Undelivered.class);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(((PushResult.Undelivered) r).reason()).startsWith("cannot connect: ");
        assertThat(notices).hasSize(2).allSatisfy(n -> assertThat(n).doesNotContain(TOKEN));
        assertThat(r.toString()).doesNotContain(TOKEN);
        assertThat(new Credentials.Bearer(TOKEN).toString()).doesNotContain(TOKEN);
        assertThat(new Credentials.Basic("u", TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void aServerThatNeverAnswersEndsEachAttemptAtItsTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            URI uri = GatewayUrl.parse("http://127.0.0.1:" + silent.getLocalPort()).groupUri(GroupingPath.of("j", Map.of()));
            RetryPolicy policy = new RetryPolicy(1, Duration.ofMinutes(1), Duration.ofMillis(300));
            PushResult r = client(Credentials.NONE, null, policy).send("PUT", uri, new byte[0], TEXT, new StopSignal());
            assertThat(r).isEqualTo(new PushResult.Undelivered("no answer within 0.3s (gave up after 2 attempts)", 2));
            assertThat(notices).containsExactly("attempt 1 of 2 failed: no answer within 0.3s; retrying in " + GatewayClient.seconds(waits.getFirst()));
        }
    }

    @Test
    void httpsWithTheCaFileAndMutualTls() throws Exception {
        TestCerts certs = TestCerts.create(dir);
        FakeGateway g = FakeGateway.https(certs, true);
        open.add(g);
        SSLContext tls = ClientTls.context(certs.ca, certs.clientCert, certs.clientKey);
        PushResult r = client(new Credentials.Bearer(TOKEN), tls, RetryPolicy.DEFAULT)
                .send("PUT", group(g), "m 1\n".getBytes(StandardCharsets.UTF_8), TEXT, new StopSignal());
        assertThat(r).isEqualTo(new PushResult.Delivered(200, 1));
        FakeGateway.Request req = g.requests.getFirst();
        assertThat(req.clientSubject()).isEqualTo("CN=ferry-client");
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.bodyText()).isEqualTo("m 1\n");
    }

    @Test
    void anUntrustedServerFailsAtOnceWithoutRetrying() throws Exception {
        TestCerts certs = TestCerts.create(dir);
        FakeGateway g = FakeGateway.https(certs, false);
        open.add(g);
        SSLContext tls = ClientTls.context(certs.otherCa, null, null);
        PushResult r = client(new Credentials.Bearer(TOKEN), tls, RetryPolicy.DEFAULT)
                .send("PUT", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(r).isInstanceOf(PushResult.Undelivered.class);
        assertThat(((PushResult.Undelivered) r).reason()).startsWith("TLS handshake with 127.0.0.1 failed: ");
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(g.requests).isEmpty();
        assertThat(waits).isEmpty();
    }

    @Test
    void aServerThatDemandsAClientCertificateRefusesAClientWithout() throws Exception {
        TestCerts certs = TestCerts.create(dir);
        FakeGateway g = FakeGateway.https(certs, true);
        open.add(g);
        SSLContext tls = ClientTls.context(certs.ca, null, null);
        RetryPolicy policy = new RetryPolicy(1, Duration.ofMinutes(1), Duration.ofSeconds(5));
        PushResult r = client(Credentials.NONE, tls, policy).send("PUT", group(g), new byte[0], TEXT, new StopSignal());
        assertThat(r).isNotInstanceOf(PushResult.Delivered.class);
        assertThat(g.requests).isEmpty();
    }
}
