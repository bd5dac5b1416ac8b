package io.ferry.testing;

import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.TunnelWireException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Raw HTTP/1.1 exchanges with Ferry's tunnel proxy, each on a fresh connection closed after one
 * answer, read whole and parsed by the tunnel's own codec: what a PushProx client or Prometheus sends.
 *
 * <pre>{@code
 * CompletableFuture<RelayedResponse> scraped = TunnelExchange.scrape(port, "http://site-a:9100/metrics");
 * ScrapeRequest r = ScrapeRequest.parse(...TunnelExchange.poll(port, "site-a").get().body()...);
 * }</pre>
 */
public final class TunnelExchange {
    /** The longest any exchange may take; long enough for any poll a test holds. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final Executor THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private TunnelExchange() {
    }

    /** Sends {@code head} (request line and headers, without the empty line), {@code Connection: close} and {@code body}. */
    public static RelayedResponse send(int port, String head, byte[] body) throws IOException, TunnelWireException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            String h = head + "\r\nConnection: close\r\n" + (body.length > 0 || head.startsWith("POST")
                    ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
            s.getOutputStream().write(h.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            byte[] b = out.toByteArray();
            return RelayedResponse.parse(b, 0, b.length, Long.MAX_VALUE);
        }
    }

    public static RelayedResponse send(int port, String head, String body) throws IOException, TunnelWireException {
        return send(port, head, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@link #send} on a thread of its own (the common pool may have one thread, which a held poll would take). */
    public static CompletableFuture<RelayedResponse> async(int port, String head, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(port, head, body);
            } catch (IOException | TunnelWireException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
    }

    /** A poll as PushProx's client sends it: POST, an empty Content-Type, the fqdn as the body. */
    public static CompletableFuture<RelayedResponse> poll(int port, String fqdn, String... headers) {
        return async(port, "POST /poll HTTP/1.1\r\nHost: proxy\r\nContent-Type: " + extra(headers), fqdn);
    }

    /** A scrape through the proxy, as Prometheus sends it with {@code proxy_url}. */
    public static CompletableFuture<RelayedResponse> scrape(int port, String url, String... headers) {
        String host = url.replaceFirst("^https?://", "").replaceFirst("/.*", "");
        return async(port, "GET " + url + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/plain;version=0.0.4"
                + "\r\nX-Prometheus-Scrape-Timeout-Seconds: 10" + extra(headers), "");
    }

    /** A push of {@code response} (a whole HTTP response). */
    public static RelayedResponse push(int port, String response, String... headers) throws IOException, TunnelWireException {
        return send(port, "POST /push HTTP/1.1\r\nHost: proxy" + extra(headers), response);
    }

    public static String text(RelayedResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String extra(String... headers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            b.append("\r\n").append(headers[i]).append(": ").append(headers[i + 1]);
        }
        return b.toString();
    }
}
