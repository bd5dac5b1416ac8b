package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.WebLimits;
import io.ferry.telemetry.Registry;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The tunnel's own listener ({@code tunnel.listen_address}), when configured: its connections are
 * admitted by a {@link ConnectionGuard} of their own, capped by {@code tunnel.max_connections}
 * (long polls are idle connections, which the HTTP port's cap is not sized for), and counted in
 * {@code ferry_tunnel_connections_*}. Every other connection goes to the HTTP port's guard.
 *
 * <pre>{@code
 * TunnelListener t = TunnelListener.of(config, webGuard, registry);
 * Vertx vertx = Vertx.builder().withTransport(new AdmittingTransport(t::admit)).build();
 * servers.addAll(t.listen(vertx, loops, options, server -> server.requestHandler(...)));
 * }</pre>
 *
 * <p>Connections are told apart by the local port they arrived on: the two listeners must use
 * different ports. With port 0, the port is known once bound; a connection accepted before that
 * instant counts against the HTTP port's guard.
 */
final class TunnelListener {
    private static final long START_TIMEOUT_SECONDS = 30;

    private final ConnectionGuard web;
    private final ConnectionGuard own;
    private final ListenAddress address;
    private volatile int port;

    private TunnelListener(ConnectionGuard web, ConnectionGuard own, ListenAddress address) {
        this.web = web;
        this.own = own;
        this.address = address;
        this.port = address == null ? -1 : address.port();
    }

    /** The listener {@code config} asks for, or none: then every connection is the HTTP port's. */
    static TunnelListener of(FerryConfig config, ConnectionGuard web, Registry registry) throws IOException {
        ProxyOptions t = config.tunnel();
        if (!t.enabled() || t.listenAddress().isEmpty()) {
            return new TunnelListener(web, null, null);
        }
        ListenAddress address = ListenAddress.parse(t.listenAddress());
        if (address.port() != 0 && address.port() == config.web().listenAddress().port()) {
            throw new IOException("tunnel.listen_address " + address
                    + " must use another port than web.listen_address");
        }
        WebLimits limits = config.web().limits().withMaxConnections(t.maxConnections());
        ConnectionGuard own = new ConnectionGuard(limits, Set.of(), registry, "ferry_tunnel_connections",
                "tunnel.max_connections");
        return new TunnelListener(web, own, address);
    }

    /** Admits {@code connection} by its listener's guard; an {@link AdmittingTransport.Gate}. */
    boolean admit(Channel connection, EventExecutor acceptor) {
        boolean tunnel = own != null && connection.localAddress() instanceof InetSocketAddress local
                && local.getPort() == port;
        return (tunnel ? own : web).admit(connection, acceptor);
    }

    /** The guard of the tunnel's listener; the HTTP port's when there is none. */
    ConnectionGuard connections() {
        return own == null ? web : own;
    }

    /** The bound port, once {@link #listen} has run; empty without a listener of its own. */
    Optional<Integer> boundPort() {
        return address == null ? Optional.empty() : Optional.of(port);
    }

    /**
     * Binds {@code count} servers (one per event loop) on the listener's address, each with
     * {@code options} and set up by {@code setUp}; none without a listener of its own.
     */
    List<HttpServer> listen(Vertx vertx, int count, Supplier<HttpServerOptions> options, Consumer<HttpServer> setUp)
            throws IOException {
        List<HttpServer> servers = new ArrayList<>();
        if (address == null) {
            return servers;
        }
        for (int i = 0; i < count; i++) {
            HttpServer server = vertx.createHttpServer(options.get());
            setUp.accept(server);
            try {
                server.listen(SocketAddress.inetSocketAddress(address.port(), address.bindHost()))
                        .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("tunnel.listen_address " + address + ": " + e.getMessage(), e);
            }
            servers.add(server);
            port = server.actualPort();
        }
        return servers;
    }
}
