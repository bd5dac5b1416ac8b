package io.ferry.cli;

import com.sun.net.httpserver.HttpServer;
import io.ferry.config.ListenAddress;
import io.ferry.exposition.PrometheusTextWriter;
import io.ferry.telemetry.Registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The metrics of a command that is no server, such as {@code ferry tunnel-client}: text 0.0.4 of
 * a registry on every path of a small listener of its own, as PushProx's client serves them.
 *
 * <pre>{@code
 * try (MetricsEndpoint m = MetricsEndpoint.start(ListenAddress.parse(":9369"), registry)) { ... }
 * }</pre>
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code address}; throws {@link IOException} naming it when it cannot be bound. */
    static MetricsEndpoint start(ListenAddress address, Registry registry) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address.bindHost(), address.port()), 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = PrometheusTextWriter.INSTANCE.toBytes(registry.collect());
                exchange.getResponseHeaders().set("Content-Type", PrometheusTextWriter.INSTANCE.contentType());
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(200, head ? -1 : body.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
        return new MetricsEndpoint(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
