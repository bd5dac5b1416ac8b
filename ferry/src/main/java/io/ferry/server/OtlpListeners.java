package io.ferry.server;

import io.ferry.config.ListenAddress;
import io.ferry.otlp.OtlpOptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * OTLP's own listeners: OTLP/HTTP ({@code otlp.http_listen_address}, {@code :4318} by default) and
 * OTLP/gRPC ({@code otlp.grpc_listen_address}, {@code :4317}), each one server per event loop,
 * built with the HTTP port's options (TLS from the web config file, h2c, timeouts); an empty
 * address binds nothing. Their connections count against the HTTP port's connection guard.
 *
 * <pre>{@code
 * OtlpListeners l = OtlpListeners.listen(vertx, loops, options, serverOptions, setUp, grpc -> handler);
 * servers.addAll(l.servers());
 * }</pre>
 */
final class OtlpListeners {
    private final List<HttpServer> servers;
    private final Optional<Integer> httpPort;
    private final Optional<Integer> grpcPort;

    private OtlpListeners(List<HttpServer> servers, Optional<Integer> httpPort, Optional<Integer> grpcPort) {
        this.servers = servers;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /**
     * Binds the listeners {@code otlp} names.
     *
     * @param setUp    sets up each server (its failure handlers) before its request handler
     * @param handlers the request handler of the gRPC listener ({@code true}) or the HTTP one
     * @throws IOException naming the key and address of a listener that could not bind
     */
    static OtlpListeners listen(Vertx vertx, int loops, OtlpOptions otlp, Supplier<HttpServerOptions> options,
                                Consumer<HttpServer> setUp, Function<Boolean, Handler<HttpServerRequest>> handlers)
            throws IOException {
        List<HttpServer> servers = new ArrayList<>();
        Optional<Integer> http = bind(vertx, loops, "otlp.http_listen_address", otlp.httpListenAddress(), options,
                setUp, handlers.apply(false), servers);
        Optional<Integer> grpc = bind(vertx, loops, "otlp.grpc_listen_address", otlp.grpcListenAddress(), options,
                setUp, handlers.apply(true), servers);
        return new OtlpListeners(List.copyOf(servers), http, grpc);
    }

    private static Optional<Integer> bind(Vertx vertx, int loops, String key, String address,
                                          Supplier<HttpServerOptions> options, Consumer<HttpServer> setUp,
                                          Handler<HttpServerRequest> handler, List<HttpServer> servers)
            throws IOException {
        if (address.isEmpty()) {
            return Optional.empty();
        }
        ListenAddress parsed = ListenAddress.parse(address);
        List<HttpServer> bound;
        try {
            bound = EventLoopServers.listen(vertx, loops, () -> {
                HttpServer server = vertx.createHttpServer(options.get());
                setUp.accept(server);
                return server.requestHandler(handler);
            }, SocketAddress.inetSocketAddress(parsed.port(), parsed.bindHost()));
        } catch (Exception e) {
            throw new IOException(key + " " + address + ": " + e.getMessage(), e);
        }
        servers.addAll(bound);
        return Optional.of(bound.getFirst().actualPort());
    }

    List<HttpServer> servers() {
        return servers;
    }

    Optional<Integer> httpPort() {
        return httpPort;
    }

    Optional<Integer> grpcPort() {
        return grpcPort;
    }
}
