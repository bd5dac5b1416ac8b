package io.ferry.server;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A scrape target for integration tests: serves {@code /metrics} in text 0.0.4 on a loopback
 * address, the body made from the number of the scrape being served (1, 2, ...).
 */
public final class TestTarget implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    public TestTarget(String host, IntFunction<String> body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, 0), 0);
        server.createContext("/metrics", x -> {
            // Counted when the whole response is out, so a count is what a scraper can have received.
            synchronized (served) {
                byte[] b = body.apply(served.get() + 1).getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                x.sendResponseHeaders(200, b.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(b);
                }
                served.incrementAndGet();
            }
        });
        server.start();
    }

    public String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int served() {
        return served.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
