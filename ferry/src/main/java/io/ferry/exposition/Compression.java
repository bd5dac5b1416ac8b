package io.ferry.exposition;

import io.ferry.exposition.internal.GzipStream;
import io.ferry.exposition.internal.LimitedInputStream;
import io.ferry.exposition.internal.SnappyFramedStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Undoes a request body's {@code Content-Encoding} as a stream, so a parser's body limit counts
 * decompressed bytes as they appear and a small gzip bomb stops at the limit. Any number of
 * concatenated gzip members is read, in constant stack.
 *
 * <pre>{@code
 * InputStream body = Compression.decode(raw, request.getHeader("Content-Encoding"));
 * List<MetricFamily> families = parser.parse(body);
 * }</pre>
 */
public final class Compression {
    private Compression() {
    }

    /**
     * The decoded body: gunzipped for {@code gzip} (any case), decompressed for {@code snappy}
     * (snappy's framing format, as the Pushgateway reads it), unchanged for none or
     * {@code identity}. Other encodings are passed through unchanged, as the Pushgateway does.
     * A gzip body is read as Go reads one: one or more members, nothing after them; reading a
     * truncated or corrupt body, or one with trailing garbage, fails with an {@link IOException}
     * that says which ({@code the body is not valid gzip: truncated, ...}).
     */
    public static InputStream decode(InputStream body, String contentEncoding) throws ExpositionException {
        if (contentEncoding == null) {
            return body;
        }
        String coding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (coding.equals("snappy")) {
            return new SnappyFramedStream(body);
        }
        if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
            return body;
        }
        try {
            return new GzipStream(body);
        } catch (IOException e) {
            throw new ExpositionException(e.getMessage());
        }
    }

    /**
     * The body decoded whole into an array, for decoders that take one (OTLP): as {@link #decode},
     * with the decompressed size bounded by {@code maxBytes} as bytes appear, so a gzip bomb stops
     * at the limit. Fails with {@link ExpositionException#bodyTooLarge()} past the limit, and with
     * the reason for a body that is not valid gzip. The array is exactly the decoded length.
     */
    public static byte[] decodeWhole(byte[] body, String contentEncoding, long maxBytes) throws ExpositionException {
        InputStream decoded = decode(new ByteArrayInputStream(body), contentEncoding);
        if (decoded instanceof ByteArrayInputStream) {
            if (body.length > maxBytes) {
                throw ExpositionException.bodyTooLarge(maxBytes);
            }
            return body;
        }
        byte[] out = new byte[(int) Math.min(maxBytes + 1, Math.max(1024L, body.length * 4L))];
        int length = 0;
        try (InputStream in = new LimitedInputStream(decoded, maxBytes)) {
            for (int n; (n = in.read(out, length, out.length - length)) > 0; ) {
                length += n;
                if (length == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(Math.min(Integer.MAX_VALUE - 8, maxBytes + 1), 2L * out.length));
                }
            }
        } catch (LimitedInputStream.LimitExceededException e) {
            throw ExpositionException.bodyTooLarge(maxBytes);
        } catch (IOException e) {
            throw new ExpositionException(e.getMessage());
        }
        return Arrays.copyOf(out, length);
    }
}
