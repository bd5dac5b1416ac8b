package io.ferry.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Expect: 100-continue} on a push, over a plain socket: {@code 100 Continue} before the body is
 * sent when the push may go on, the final answer instead when it is refused unread.
 */
class ExpectContinueIT {
    private static final int READ_TIMEOUT_MS = 10_000;

    @TempDir
    Path storage;

    @Test
    void aPushThatMayGoOnIsToldToContinueAndOneTooLargeIsRefusedBeforeItsBodyIsSent() throws Exception {
        try (FerryServer ferry = QuietServer.start("push:\n  limits:\n    max_body_bytes: 2KiB\n", storage);
             Socket socket = new Socket("127.0.0.1", ferry.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] body = "# TYPE backup_bytes gauge\nbackup_bytes 42\n".getBytes(StandardCharsets.UTF_8);

            out.write(head("/metrics/job/backup", body.length));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 100 Continue");
            out.write(body);
            out.flush();
            String answer = readHead(in);
            assertThat(answer).startsWith("HTTP/1.1 200");
            skipBody(in, answer);

            out.write(head("/metrics/job/big", 4096));
            out.flush();
            assertThat(readHead(in)).as("refused by its Content-Length, the body never sent")
                    .startsWith("HTTP/1.1 413");
        }
    }

    private static byte[] head(String path, int length) {
        return ("PUT " + path + " HTTP/1.1\r\nHost: ferry\r\nContent-Type: text/plain; version=0.0.4\r\n"
                + "Content-Length: " + length + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A response's status line and headers, up to the blank line; fails at the read timeout. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 16_384) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            String s = head.toString(StandardCharsets.US_ASCII);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        throw new AssertionError("no whole response head: " + head.toString(StandardCharsets.US_ASCII));
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).trim()));
                return;
            }
        }
    }
}
