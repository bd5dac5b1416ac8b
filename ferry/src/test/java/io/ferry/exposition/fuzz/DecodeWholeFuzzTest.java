package io.ferry.exposition.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.exposition.Compression;
import io.ferry.exposition.ExpositionException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzzes {@link Compression#decodeWhole}, the bounded gunzip into one array that the OTLP receivers
 * use, against the streaming decoder the push path uses: for any body, gzip or not, it returns
 * exactly the bytes the stream yields when they fit the limit, says the body is too large exactly
 * when the stream yields more (before it would fail, if it fails later), and otherwise fails as the
 * stream does; and for a body gzipped or snappy-framed here
 * (gzip in one or two members; snappy by snappy-java's writer), it returns what was compressed.
 * The first byte picks the limit (0 to 4095 bytes), the second what the body is (raw bytes given as
 * gzip, raw bytes plain, bytes this gzips, raw bytes given as snappy, or bytes this snappy-frames);
 * the rest is the body. Without {@code JAZZER_FUZZ} this replays
 * {@code DecodeWholeFuzzTestInputs/fuzz}; see {@code docs/fuzzing.md}.
 */
class DecodeWholeFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(FuzzedDataProvider data) throws IOException {
        int limit = data.consumeInt(0, 4095);
        int kind = data.consumeInt(0, 4);
        byte[] raw = data.consumeRemainingAsBytes();
        byte[] body = kind == 2 ? gzip(raw, raw.length / 2) : kind == 4 ? snappy(raw) : raw;
        String encoding = kind == 1 ? null : kind >= 3 ? "snappy" : "gzip";

        byte[] got = null;
        ExpositionException failed = null;
        try {
            got = Compression.decodeWhole(body, encoding, limit);
        } catch (ExpositionException e) {
            failed = e;
        }

        // The stream read to its end, or to its failure: the bytes it gave until then count.
        ByteArrayOutputStream streamedOut = new ByteArrayOutputStream();
        String streamFailure = null;
        try {
            InputStream in = Compression.decode(new ByteArrayInputStream(body), encoding);
            byte[] buf = new byte[512];
            for (int n; (n = in.read(buf)) > 0; ) {
                streamedOut.write(buf, 0, n);
            }
        } catch (ExpositionException | IOException e) {
            streamFailure = e.getMessage();
        }
        byte[] streamed = streamedOut.toByteArray();
        if (streamFailure != null && streamed.length <= limit) {
            if (failed == null || failed.bodyTooLarge()) {
                throw new AssertionError("the stream fails within the limit (" + streamFailure + ") but decodeWhole "
                        + (failed == null ? "returned " + got.length + " bytes" : "said too large"));
            }
            return;
        }
        if (streamed.length > limit) {
            if (failed == null || !failed.bodyTooLarge()) {
                throw new AssertionError(streamed.length + " bytes over a limit of " + limit + " not refused as too large: "
                        + (failed == null ? "returned" : failed.getMessage()));
            }
            return;
        }
        if (failed != null || !Arrays.equals(got, streamed)) {
            throw new AssertionError("limit " + limit + ": " + (failed != null ? failed.getMessage()
                    : got.length + " bytes, the stream " + streamed.length));
        }
        if ((kind == 2 || kind == 4) && !Arrays.equals(got, raw)) {
            throw new AssertionError(encoding + ": " + raw.length + " bytes came back as " + got.length);
        }
    }

    /** {@code plain} gzipped, in two members split at {@code split}. */
    private static byte[] gzip(byte[] plain, int split) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : new byte[][] {Arrays.copyOf(plain, split), Arrays.copyOfRange(plain, split, plain.length)}) {
            try (GZIPOutputStream gz = new GZIPOutputStream(noClose(out))) {
                gz.write(part);
            }
        }
        return out.toByteArray();
    }

    /** {@code plain} in snappy's framing format. */
    private static byte[] snappy(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (org.xerial.snappy.SnappyFramedOutputStream s = new org.xerial.snappy.SnappyFramedOutputStream(out)) {
            s.write(plain);
        }
        return out.toByteArray();
    }

    private static java.io.OutputStream noClose(ByteArrayOutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void close() {
            }
        };
    }
}
