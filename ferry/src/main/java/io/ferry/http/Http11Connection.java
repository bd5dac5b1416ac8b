package io.ferry.http;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One HTTP/1.1 connection of {@link Http11Client}, plain or TLS: writes a request, reads the
 * response's head and as much of its body as a {@link BodyLimit} allows (Content-Length, chunked, or
 * until the server closes), and says whether it can carry another exchange. Every read waits at
 * most until the exchange's deadline (a socket timeout set to what is left of it). Used by one
 * thread at a time; {@link #close()} may come from any thread and makes a blocked read or write
 * fail at once.
 */
final class Http11Connection implements Closeable {
    /** A response head larger than this is refused: no server can make Ferry hold an endless one. */
    static final int MAX_HEAD = 64 << 10;
    private static final int CHUNKED = -2;
    private static final int UNTIL_CLOSE = -1;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int lim;
    /** Whether any byte of the current response arrived: a reused connection that fails before may be retried. */
    private boolean answered;
    private boolean reusable;
    private long idleSince;
    private long deadlineNanos;

    Http11Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Sends {@code head} (the request line and headers) and the body, and reads the response.
     *
     * @param noBody        a HEAD request, whose answer has no body whatever its headers say
     * @param deadlineNanos when a read that is still waiting fails with {@link SocketTimeoutException}
     */
    ClientResponse exchange(byte[] head, ClientRequest request, boolean noBody, IntFunction<BodyLimit> bodies,
                            long deadlineNanos) throws IOException {
        this.deadlineNanos = deadlineNanos;
        answered = false;
        reusable = false;
        out.write(head);
        if (request.body() != null && request.bodyLength() > 0) {
            out.write(request.body(), 0, request.bodyLength());
        }
        out.flush();
        while (true) {
            String statusLine = line();
            int status = status(statusLine);
            List<String> headers = headers();
            if (status >= 100 && status < 200 && status != 101) {
                continue; // 100 Continue and other interim answers: the real one follows
            }
            long framing = noBody || status == 204 || status == 304 || status == 101 ? 0 : framing(headers);
            boolean keepAlive = statusLine.startsWith("HTTP/1.1") && !hasToken(headers, "Connection", "close");
            BodyLimit limit = bodies.apply(status);
            Body body = new Body(framing);
            byte[] bytes = collect(body, limit);
            reusable = keepAlive && body.done && status != 101;
            return new ClientResponse(status, headers, bytes, body.collected);
        }
    }

    /** Whether the last exchange left the connection ready for another. */
    boolean reusable() {
        return reusable;
    }

    /** Whether any byte of the last response arrived before it failed. */
    boolean answered() {
        return answered;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    long idleSince() {
        return idleSince;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }

    // --- the response head ---------------------------------------------------------------------

    private static int status(String line) throws IOException {
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
                || !Character.isDigit(line.charAt(9)) || !Character.isDigit(line.charAt(10)) || !Character.isDigit(line.charAt(11))
                || line.length() > 12 && line.charAt(12) != ' ') {
            throw new IOException("malformed HTTP response \"" + printable(line) + "\"");
        }
        return Integer.parseInt(line, 9, 12, 10);
    }

    private List<String> headers() throws IOException {
        List<String> headers = new ArrayList<>(16);
        int size = 0;
        for (String line = line(); !line.isEmpty(); line = line()) {
            size += line.length();
            int colon = line.indexOf(':');
            if (size > MAX_HEAD) {
                throw new IOException("the response's headers are larger than " + MAX_HEAD + " bytes");
            }
            if (colon <= 0) {
                throw new IOException("malformed HTTP response header \"" + printable(line) + "\"");
            }
            headers.add(line.substring(0, colon).strip());
            headers.add(line.substring(colon + 1).strip());
        }
        return headers;
    }

    /** The body's length, {@link #CHUNKED} or {@link #UNTIL_CLOSE}, from the headers (RFC 9112 §6.3). */
    private static long framing(List<String> headers) throws IOException {
        String length = null;
        boolean encoded = false;
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (name.equalsIgnoreCase("Transfer-Encoding")) {
                encoded = true;
                String[] codings = headers.get(i + 1).split(",");
                if (codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
                    return CHUNKED;
                }
            } else if (name.equalsIgnoreCase("Content-Length")) {
                String v = headers.get(i + 1);
                if (length != null && !length.equals(v)) {
                    throw new IOException("the response has two Content-Length headers");
                }
                length = v;
            }
        }
        if (encoded || length == null) {
            return UNTIL_CLOSE;
        }
        if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(Character::isDigit)) {
            throw new IOException("invalid Content-Length \"" + printable(length) + "\"");
        }
        return Long.parseLong(length);
    }

    private static boolean hasToken(List<String> headers, String name, String token) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                for (String t : headers.get(i + 1).split(",")) {
                    if (t.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** One line of the head, without its CRLF (or bare LF), as ISO-8859-1. */
    private String line() throws IOException {
        int start = pos;
        StringBuilder longer = null;
        while (true) {
            for (int i = pos; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (longer == null) {
                        return part;
                    }
                    longer.append(part);
                    int n = longer.length();
                    return n > 0 && longer.charAt(n - 1) == '\r' ? longer.substring(0, n - 1) : longer.toString();
                }
            }
            if (longer == null) {
                longer = new StringBuilder();
            }
            longer.append(new String(buf, start, lim - start, StandardCharsets.ISO_8859_1));
            if (longer.length() > MAX_HEAD) {
                throw new IOException("a line of the response's head is longer than " + MAX_HEAD + " bytes");
            }
            if (!fill()) {
                throw answered ? new EOFException("the connection closed in the response's head")
                        : new IOException("the server closed the connection: received no bytes");
            }
            start = pos;
        }
    }

    /** Reads more into the empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        waitAtMostUntilTheDeadline();
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        answered = true;
        pos = 0;
        lim = n;
        return true;
    }

    // --- the body ------------------------------------------------------------------------------

    /** Reads the body of a response as its framing says; tracks whether it was read to its end. */
    private final class Body {
        private long remaining; // of the body (Content-Length) or of the current chunk
        private final boolean chunked;
        private final boolean untilClose;
        private boolean done;
        private int collected;

        Body(long framing) {
            chunked = framing == CHUNKED;
            untilClose = framing == UNTIL_CLOSE;
            remaining = framing > 0 ? framing : 0;
            done = framing == 0;
        }

        /** The announced length, or -1. */
        long announced() {
            return chunked || untilClose ? -1 : remaining;
        }

        /** Up to {@code len} bytes into {@code dst}; -1 at the body's end. */
        int read(byte[] dst, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunked && remaining == 0 && !nextChunk()) {
                done = true;
                return -1;
            }
            int want = untilClose ? len : (int) Math.min(len, remaining);
            int n = raw(dst, off, want);
            if (n < 0) {
                if (untilClose) {
                    done = true;
                    return -1;
                }
                throw new EOFException("the connection closed in the response's body");
            }
            if (!untilClose) {
                remaining -= n;
                if (!chunked && remaining == 0) {
                    done = true;
                }
            }
            return n;
        }

        /** Reads the next chunk's size line (after the CRLF that ends the last); false at the last chunk. */
        private boolean nextChunk() throws IOException {
            String size = line();
            if (size.isEmpty()) {
                size = line(); // the CRLF after the previous chunk's data
            }
            int semicolon = size.indexOf(';');
            String hex = (semicolon < 0 ? size : size.substring(0, semicolon)).strip();
            if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IOException("malformed chunk size \"" + printable(size) + "\"");
            }
            remaining = Long.parseLong(hex, 16);
            if (remaining == 0) {
                int trailers = 0;
                for (String t = line(); !t.isEmpty(); t = line()) {
                    trailers += t.length();
                    if (trailers > MAX_HEAD) {
                        throw new IOException("the response's trailers are larger than " + MAX_HEAD + " bytes");
                    }
                }
                return false;
            }
            return true;
        }
    }

    /** Buffered bytes first, then straight from the socket into {@code dst}. */
    private int raw(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos < lim) {
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            return n;
        }
        waitAtMostUntilTheDeadline();
        int n = in.read(dst, off, len);
        if (n > 0) {
            answered = true;
        }
        return n;
    }

    /** Sets the next read's timeout to what is left until the deadline; throws when nothing is. */
    private void waitAtMostUntilTheDeadline() throws IOException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (ms <= 0) {
            throw new SocketTimeoutException("request timed out");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ms));
    }

    /**
     * The body into one array: of the announced length when there is one, else from the size hint
     * doubling (never past the limit); past the limit, fails or stops as {@code limit} says.
     */
    private byte[] collect(Body body, BodyLimit limit) throws IOException {
        long announced = body.announced();
        long max = limit.limit();
        if (announced > max && !limit.truncate()) {
            throw new LimitedBody.TooLarge(max);
        }
        int first = announced >= 0 ? (int) Math.min(announced, max)
                : (int) Math.min(Math.max(16, limit.sizeHint()), Math.max(16, max));
        byte[] bytes = new byte[first];
        int length = 0;
        while (true) {
            if (length == bytes.length) {
                if (length >= max) {
                    if (limit.truncate() || body.read(new byte[1], 0, 1) < 0) {
                        break;
                    }
                    throw new LimitedBody.TooLarge(max);
                }
                bytes = Arrays.copyOf(bytes, LimitedBody.capacityFor(bytes.length, (long) length + 1, max));
            }
            int n = body.read(bytes, length, bytes.length - length);
            if (n < 0) {
                break;
            }
            length += n;
            body.collected = length;
        }
        if (!body.done && body.chunked && body.remaining == 0) {
            // The limit was met exactly at a chunk's end: the last chunk may follow at once.
            body.read(new byte[0], 0, 0);
        }
        return bytes;
    }

    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
