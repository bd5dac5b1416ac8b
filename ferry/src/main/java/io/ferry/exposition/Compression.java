package io.ferry.exposition;

import io.ferry.exposition.internal.GzipStream;

import java.io.IOException;
import java.io.InputStream;
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
     * The decoded body: gunzipped for {@code gzip} (any case), unchanged for none or
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
        if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
            return body;
        }
        try {
            return new GzipStream(body);
        } catch (IOException e) {
            throw new ExpositionException(e.getMessage());
        }
    }
}
