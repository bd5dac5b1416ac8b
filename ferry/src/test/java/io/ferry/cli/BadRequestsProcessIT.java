package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's HTTP mistakes, over raw sockets against {@code ferry serve} as a process (issue 12,
 * item 7): each is answered 4xx (or, the client gone, not at all), counted in
 * {@code ferry_http_bad_requests_total} by reason, and leaves no error line on stderr.
 */
class BadRequestsProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PUT_CHUNKED = "PUT /metrics/job/j HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

    @TempDir
    static Path dir;
    static ChildProcess ferry;
    static TestHttp http;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        ferry = FerryJar.start(dir, "serve", "--web.listen-address=127.0.0.1:0", "--storage.path=" + dir.resolve("data"));
        String address = FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
        port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        http = TestHttp.to("http://" + address);
    }

    @AfterAll
    static void stop() {
        ferry.close();
    }

    /** Where this test's part of stderr starts. */
    private int logStart;

    @BeforeEach
    void markTheLog() {
        logStart = ferry.stderr().length();
    }

    @AfterEach
    void noErrorWasLogged() {
        String log = ferry.stderr().substring(logStart);
        assertThat(log.lines().filter(l -> l.contains("level=error"))).as(log).isEmpty();
    }

    @Test
    void aBadChunkSizeIs400() throws Exception {
        long before = count("malformed_body");
        String answer = exchange(PUT_CHUNKED + "zz\r\nm 1\n\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("the request body's chunked encoding is malformed");
        awaitCount("malformed_body", before + 1);
    }

    @Test
    void aWrongChunkLengthIs400() throws Exception {
        long before = count("malformed_body");
        assertThat(exchange(PUT_CHUNKED + "2\r\nm 1\n\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        awaitCount("malformed_body", before + 1);
    }

    @Test
    void aHugeChunkExtensionIs400() throws Exception {
        long before = count("chunk_metadata_too_large");
        String answer = exchange(PUT_CHUNKED + "4;" + "x".repeat(100_000) + "\r\nm 1\n\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("chunk-size line or trailers are too large");
        awaitCount("chunk_metadata_too_large", before + 1);
    }

    @Test
    void aHugeTrailerIs400() throws Exception {
        long before = count("chunk_metadata_too_large");
        assertThat(exchange(PUT_CHUNKED + "4\r\nm 1\n\r\n0\r\nX-Trailer: " + "y".repeat(100_000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        awaitCount("chunk_metadata_too_large", before + 1);
    }

    @Test
    void aClientThatClosesMidBodyIsCounted() throws Exception {
        long before = count("closed_mid_body");
        sendAndHangUp("PUT /metrics/job/j HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nm 1\n", false);
        awaitCount("closed_mid_body", before + 1);
    }

    @Test
    void aClientThatResetsMidBodyIsCounted() throws Exception {
        long before = count("closed_mid_body");
        sendAndHangUp(PUT_CHUNKED + "100\r\nm 1\n", true);
        awaitCount("closed_mid_body", before + 1);
    }

    @Test
    void anInvalidPercentEscapeInThePathIs400() throws Exception {
        long before = count("invalid_path");
        for (String path : new String[] {"/metrics/job/%zz", "/-/healthy%zz", "/%"}) {
            String answer = exchange("PUT " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\nm 1\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 400 ").contains("invalid percent-escape in the URL path");
        }
        awaitCount("invalid_path", before + 3);
    }

    /**
     * A Transfer-Encoding other than chunked, alone or beside a Content-Length: a proxy in front may
     * frame the body otherwise than by the length, so it is refused, not read by the length. Chunked
     * beside a length, or not last, is the decoder's refusal (400); nothing is stored either way.
     */
    @Test
    void aTransferEncodingOtherThanChunkedIs501AndChunkedBesideALengthIs400() throws Exception {
        long before = count("malformed_head");
        String chunk = "4\r\nm 1\n\r\n0\r\n\r\n";
        for (String request : new String[] {"xchunked\r\nContent-Length: 4\r\n\r\nm 1\n", "gzip, chunked\r\n\r\n" + chunk}) {
            String head = request.substring(0, request.indexOf('\r'));
            String answer = exchange("PUT /metrics/job/te HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + request);
            assertThat(answer).as(head).startsWith("HTTP/1.1 501 ")
                    .contains("unsupported Transfer-Encoding \"" + head + "\": only chunked is read");
        }
        for (String head : new String[] {"chunked\r\nContent-Length: 4", "chunked, identity"}) {
            assertThat(exchange("PUT /metrics/job/te HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                    + head + "\r\n\r\n" + chunk)).as(head).startsWith("HTTP/1.1 400 ");
        }
        awaitCount("malformed_head", before + 4);
        assertThat(http.get("/metrics").body()).doesNotContain("job=\"te\"");
    }

    @Test
    void aResetBeforeTheHeadIsCompleteIsCounted() throws Exception {
        long before = count("closed_mid_head");
        sendAndHangUp("GET /-/healthy HTTP/1.1\r\nHost: x\r\n", true);
        awaitCount("closed_mid_head", before + 1);
        assertThat(http.status("GET", "/-/healthy")).isEqualTo(200); // and after it, noErrorWasLogged
    }

    @Test
    void anHttp2ProtocolErrorLeavesNoErrorLine() throws Exception {
        String answer = exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + "\0".repeat(50));
        assertThat(answer).contains("First received frame was not SETTINGS"); // the GOAWAY's debug data
        assertThat(http.status("GET", "/-/healthy")).isEqualTo(200);
    }

    @Test
    void aGzipBodyWithTrailingGarbageOrCutShortIs400SayingSo() throws Exception {
        byte[] gzip = gzip("m 1\n");
        byte[] garbage = Arrays.copyOf(gzip, gzip.length + 8);
        System.arraycopy(ascii("garbage!"), 0, garbage, gzip.length, 8);
        HttpResponse<byte[]> trailing = http.sendBytes("PUT", "/metrics/job/gz", garbage, "Content-Encoding", "gzip");
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(TestHttp.text(trailing.body())).contains("not valid gzip: trailing garbage after the end of the gzip data");

        HttpResponse<byte[]> cut = http.sendBytes("PUT", "/metrics/job/gz", Arrays.copyOf(gzip, gzip.length - 4),
                "Content-Encoding", "gzip");
        assertThat(cut.statusCode()).isEqualTo(400);
        assertThat(TestHttp.text(cut.body())).contains("not valid gzip: truncated");

        assertThat(http.sendBytes("PUT", "/metrics/job/gz", gzip, "Content-Encoding", "gzip").statusCode()).isEqualTo(200);
    }

    /** Writes the start of a request on a new connection, then closes it, with a reset if asked. */
    private static void sendAndHangUp(String start, boolean reset) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(ascii(start));
            socket.getOutputStream().flush();
            Thread.sleep(100); // let the request reach its handler: the test passes either way, only less sharply
            socket.setSoLinger(reset, 0); // with linger 0, close sends a reset
        }
    }

    /** Writes {@code request} on a new connection and reads the answer until the server closes it. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            // Written apart from the reads: a server that answers early and closes must not block the test.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(ascii(request));
                    socket.getOutputStream().flush();
                } catch (IOException closed) {
                    // The server answered and closed before reading everything: allowed.
                }
            });
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(answer);
            } catch (SocketTimeoutException | java.net.SocketException stopped) {
                // What came before the timeout or the reset is the answer.
            }
            try {
                writer.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static long count(String reason) throws Exception {
        Matcher m = Pattern.compile("(?m)^ferry_http_bad_requests_total\\{reason=\"" + reason + "\"} (\\d+)")
                .matcher(http.metrics());
        assertThat(m.find()).as("the counter for %s", reason).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Waits, at most {@link #WAIT}, for the counter to reach {@code expected}. */
    private static void awaitCount(String reason, long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(reason) < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count(reason)).as(reason).isEqualTo(expected);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(ascii(s));
        }
        return out.toByteArray();
    }
}
