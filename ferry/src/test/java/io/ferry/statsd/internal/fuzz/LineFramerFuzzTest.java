package io.ferry.statsd.internal.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.statsd.internal.LineFramer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Fuzzes {@link LineFramer}, which cuts every StatsD TCP stream into lines, against an oracle that
 * splits the whole stream at once: read in chunks of any size, the framer passes on exactly the
 * lines before the first one longer than the limit (each run ending in {@code \n}, no line in it
 * too long), says no at that line, and at the end passes a last unended line with a newline.
 * The first two bytes pick the line limit (1 to 64) and the chunk size (1 to 32); the rest is the
 * stream. Without {@code JAZZER_FUZZ} this replays {@code LineFramerFuzzTestInputs/fuzz}; see
 * {@code docs/fuzzing.md}.
 */
class LineFramerFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(FuzzedDataProvider data) throws InterruptedException {
        int max = 1 + (data.consumeByte() & 63);
        int chunk = 1 + (data.consumeByte() & 31);
        byte[] stream = data.consumeRemainingAsBytes();

        LineFramer framer = new LineFramer(max);
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
        int at = 0;
        while (at < stream.length && !tooLong) {
            int n = Math.min(Math.min(framer.room(), chunk), stream.length - at);
            System.arraycopy(stream, at, framer.buffer(), framer.held(), n);
            at += n;
            tooLong = !framer.received(n, sink);
        }
        if (!tooLong) {
            framer.end(sink);
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
