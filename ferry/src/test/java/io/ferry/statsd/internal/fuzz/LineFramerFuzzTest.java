package io.ferry.statsd.internal.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.statsd.internal.LineFramer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Fuzzes {@link LineFramer}, which cuts every StatsD TCP stream into lines, against an oracle that
 * splits the whole stream at once: read in chunks of any size, the framer passes on exactly the
 * lines before the first one longer than the limit (each run ending in {@code \n}, no line in it
 * too long), says no at that line, and at the end passes a last unended line with a newline.
 * The first three bytes pick the line limit (1 to 64), the chunk size (1 to 32) and the buffer's
 * first size (1 to 16, so that it grows as it does past 16 KiB on a real connection); the rest is the
 * stream. Without {@code JAZZER_FUZZ} this replays {@code LineFramerFuzzTestInputs/fuzz}; see
 * {@code docs/fuzzing.md}.
 */
class LineFramerFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(FuzzedDataProvider data) throws IOException, InterruptedException {
        int max = 1 + (data.consumeByte() & 63);
        int chunk = 1 + (data.consumeByte() & 31);
        int firstBuffer = 1 + (data.consumeByte() & 15);
        byte[] stream = data.consumeRemainingAsBytes();

        LineFramer framer = new LineFramer(max, firstBuffer);
        InputStream in = new ByteArrayInputStream(stream) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        LineFramer.Sink sink = (buf, len) -> {
            if (len <= 0 || buf[len - 1] != '\n') {
                throw new AssertionError("a run that is not whole lines: " + len + " bytes");
            }
            int start = 0;
            for (int i = 0; i < len; i++) {
                if (buf[i] == '\n') {
                    if (i - start > max) {
                        throw new AssertionError("a line of " + (i - start) + " bytes passed, limit " + max);
                    }
                    start = i + 1;
                }
            }
            got.write(buf, 0, len);
        };
        boolean tooLong = false;
        for (int reads = 0; reads <= stream.length; reads++) {
            int n = framer.readFrom(in);
            if (n < 0) {
                framer.end(sink);
                break;
            }
            if (!framer.received(n, sink)) {
                tooLong = true;
                break;
            }
        }

        ByteArrayOutputStream want = new ByteArrayOutputStream();
        boolean wantTooLong = oracle(stream, max, want);
        if (tooLong != wantTooLong || !Arrays.equals(got.toByteArray(), want.toByteArray())) {
            throw new AssertionError("limit " + max + ", chunks of " + chunk + ": too long " + tooLong + " (want "
                    + wantTooLong + "), passed " + got.size() + " bytes (want " + want.size() + ")");
        }
    }

    /** The lines of the whole stream before the first too-long one; whether there is one. */
    private static boolean oracle(byte[] stream, int max, ByteArrayOutputStream out) {
        int start = 0;
        for (int i = 0; i <= stream.length; i++) {
            boolean ended = i < stream.length && stream[i] == '\n';
            if (i == stream.length || ended) {
                int len = i - start;
                if (len > max) {
                    return true;
                }
                if (ended || len > 0) {
                    out.write(stream, start, len);
                    out.write('\n');
                }
                start = i + 1;
            }
        }
        return false;
    }
}
