package io.ferry.server;

import io.ferry.config.WebLimits;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ferry.server.FrontDoor.readAvailable;
import static io.ferry.server.FrontDoor.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push body is stored whole however it arrives: with a Content-Length larger than the array a body
 * is first read into, in many reads, and chunked, in chunks that outgrow the first array.
 */
class PushBodyIT {
    private static final Pattern SERIES = Pattern.compile("^pushed_body_series\\{[^}]*job=\"(\\w+)\",n=\"(\\d+)\"} (\\d+)$",
            Pattern.MULTILINE);

    @TempDir
    Path storage;

    @Test
    void bodiesLongerThanTheFirstArrayAndChunkedBodiesAreStoredWhole() throws Exception {
        try (FerryServer ferry = FerryServer.start(FrontDoor.config(storage, WebLimits.DEFAULTS))) {
            String large = body(10_000); // about 320 KB: past the presized 64 KiB, read in many pieces
            try (Socket s = FrontDoor.connect(ferry.port())) {
                write(s, "PUT /metrics/job/length HTTP/1.1\r\nHost: ferry\r\nConnection: close\r\nContent-Length: "
                        + large.length() + "\r\n\r\n" + large);
                assertThat(readAvailable(s, Duration.ofSeconds(10))).startsWith("HTTP/1.1 200");
            }
            String chunkedBody = body(1_000); // about 30 KB in chunks of 2,000 bytes, past the first 8 KiB
            try (Socket s = FrontDoor.connect(ferry.port())) {
                write(s, "PUT /metrics/job/chunked HTTP/1.1\r\nHost: ferry\r\nConnection: close\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n");
                for (int at = 0; at < chunkedBody.length(); at += 2_000) {
                    String chunk = chunkedBody.substring(at, Math.min(chunkedBody.length(), at + 2_000));
                    write(s, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
                }
                write(s, "0\r\n\r\n");
                assertThat(readAvailable(s, Duration.ofSeconds(10))).startsWith("HTTP/1.1 200");
            }

            String served = TestHttp.local(ferry.port()).get("/metrics").body();
            Map<String, Map<Integer, Long>> byJob = new HashMap<>();
            Matcher m = SERIES.matcher(served);
            while (m.find()) {
                byJob.computeIfAbsent(m.group(1), j -> new HashMap<>()).put(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
            }
            assertThat(byJob.get("length")).hasSize(10_000).isEqualTo(expected(10_000));
            assertThat(byJob.get("chunked")).hasSize(1_000).isEqualTo(expected(1_000));
        }
    }

    /** {@code n} series, each with its own label and value, so that a lost or repeated byte shows. */
    private static String body(int n) {
        StringBuilder b = new StringBuilder("# TYPE pushed_body_series gauge\n");
        for (int i = 0; i < n; i++) {
            b.append("pushed_body_series{n=\"").append(String.format("%05d", i)).append("\"} ").append(i * 7L).append('\n');
        }
        return b.toString();
    }

    private static Map<Integer, Long> expected(int n) {
        Map<Integer, Long> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(i, i * 7L);
        }
        return out;
    }
}
