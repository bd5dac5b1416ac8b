package io.ferry.http;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Fuzzes how {@link Http11Connection} reads a response, the part of the scrape and remote-write
 * client a target or receiver controls: for any bytes a server sends, an exchange returns a
 * response whose body keeps to its {@link BodyLimit}, or fails with an {@link IOException} or
 * {@link LimitedBody.TooLarge}; nothing else escapes. Without {@code JAZZER_FUZZ} this replays
 * {@code Http11ResponseFuzzTestInputs/fuzz}; run it with {@code bench/fuzz.sh http11 SECONDS}
 * (docs/fuzzing.md).
 */
class Http11ResponseFuzzTest {
    private static final int LIMIT = 4096;
    private static final byte[] REQUEST_HEAD = "GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n".getBytes();

    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] answer) throws Exception {
        exchange(answer, BodyLimit.failAbove(LIMIT, 64));
        exchange(answer, BodyLimit.prefix(512));
    }

    private static void exchange(byte[] answer, BodyLimit limit) throws Exception {
        try (Http11Connection c = new Http11Connection(new ScriptedSocket(answer))) {
            ClientResponse r = c.exchange(REQUEST_HEAD, ClientRequest.get(URI.create("http://t/metrics")), false,
                    status -> limit, System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
            if (r.length() < 0 || r.length() > limit.limit() || r.length() > r.body().length) {
                throw new AssertionError("a body of " + r.length() + " bytes against a limit of " + limit.limit());
            }
            if (r.status() < 0 || r.status() > 999) {
                throw new AssertionError("status " + r.status());
            }
        } catch (IOException | LimitedBody.TooLarge expected) {
            // a malformed or oversized answer is refused
        }
    }

    /** A socket whose server sends {@code answer} and then closes; what the client writes is dropped. */
    private static final class ScriptedSocket extends Socket {
        private final InputStream in;
        private final OutputStream out = new ByteArrayOutputStream();

        ScriptedSocket(byte[] answer) {
            in = new ByteArrayInputStream(answer);
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public void setSoTimeout(int timeout) {
            // reads from the array never wait
        }
    }
}
