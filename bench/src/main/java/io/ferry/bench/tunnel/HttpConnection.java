package io.ferry.bench.tunnel;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection that sends a request prepared as bytes and reads the whole
 * response, body included, by a deadline. The scraper's own client: it sends exactly the bytes it
 * is given (an absolute-form request to the proxy, or an origin-form one to the target), and no
 * library stands between the clock and the socket.
 *
 * <pre>{@code
 * HttpConnection c = HttpConnection.open(proxy, 2_000);
 * HttpConnection.Response r = c.exchange(requestBytes, System.nanoTime() + timeoutNanos);
 * if (!r.keepAlive()) c.close();
 * }</pre>
 *
 * <p>Not thread-safe: one exchange at a time (the scraper keeps idle connections in a pool).
 */
final class HttpConnection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private int exchanges;

    private HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static HttpConnection open(InetSocketAddress address, int connectTimeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, connectTimeoutMs);
            return new HttpConnection(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Whether an exchange has been made on this connection before (a stale pooled connection may fail). */
    boolean reused() {
        return exchanges > 0;
    }

    /**
     * Sends {@code request} and reads the response to its last byte.
     *
     * @throws SocketTimeoutException when the deadline passes first
     * @throws IOException            on a closed connection or a response that is not HTTP/1.x;
     *                                {@link NoResponseException} when not one byte of a response came
     */
    Response exchange(byte[] request, long deadlineNanos) throws IOException {
        exchanges++;
        out.write(request);
        out.flush();
        String statusLine = readLine(deadlineNanos, true);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        boolean keepAlive = !statusLine.startsWith("HTTP/1.0");
        long contentLength = -1;
        boolean chunked = false;
        String encoding = "";
        for (String line = readLine(deadlineNanos, false); !line.isEmpty(); line = readLine(deadlineNanos, false)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                case "content-encoding" -> encoding = value;
                default -> { }
            }
        }
        long body;
        if (chunked) {
            body = 0;
            for (long size = chunkSize(deadlineNanos); size > 0; size = chunkSize(deadlineNanos)) {
                skip(size, deadlineNanos);
                body += size;
                readLine(deadlineNanos, false);
            }
            while (!readLine(deadlineNanos, false).isEmpty()) {
                // trailers
            }
        } else if (contentLength >= 0) {
            skip(contentLength, deadlineNanos);
            body = contentLength;
        } else {
            body = limit - pos;
            pos = limit;
            while (fill(deadlineNanos)) {
                body += limit - pos;
                pos = limit;
            }
            keepAlive = false;
        }
        return new Response(status, body, keepAlive, encoding);
    }

    private long chunkSize(long deadlineNanos) throws IOException {
        String line = readLine(deadlineNanos, false);
        int semi = line.indexOf(';');
        return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
    }

    private void skip(long n, long deadlineNanos) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill(deadlineNanos)) {
                throw new IOException("connection closed in the body, " + n + " bytes short");
            }
            int k = (int) Math.min(n, limit - pos);
            pos += k;
            n -= k;
        }
    }

    private String readLine(long deadlineNanos, boolean first) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (pos == limit && !fill(deadlineNanos)) {
                if (first && sb.isEmpty()) {
                    throw new NoResponseException();
                }
                throw new IOException("connection closed in the headers");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            sb.append((char) (b & 0xff));
            if (sb.length() > 16 * 1024) {
                throw new IOException("header line longer than 16 KiB");
            }
        }
    }

    /** Reads more into the buffer; false at the end of the stream. */
    private boolean fill(long deadlineNanos) throws IOException {
        long remainingMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMs));
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }

    /** What the scraper checks of a response: its status, how many body bytes came, and how. */
    record Response(int status, long bodyBytes, boolean keepAlive, String contentEncoding) {
    }

    /** The connection closed before the first byte of a response: a stale kept-alive connection. */
    static final class NoResponseException extends IOException {
        NoResponseException() {
            super("connection closed before a response");
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
