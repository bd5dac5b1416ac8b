package io.ferry.server;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Binds one HTTP server per event loop on one address, which Vert.x then shares between them, so
 * the HTTP work spreads over the cores.
 *
 * <pre>{@code
 * List<HttpServer> servers = EventLoopServers.listen(vertx, 2, () -> vertx.createHttpServer(options)..., address);
 * }</pre>
 *
 * <p>The servers are the instances of one deployment, each bound on an event-loop context of its
 * own: servers bound from one thread outside Vert.x would all get that thread's one context, and
 * so one event loop between them, whatever their number. Port 0 gives one random port, shared by
 * the servers of one call only.
 */
final class EventLoopServers {
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();

    private EventLoopServers() {
    }

    /**
     * @param make makes one server, set up and not yet listening; called on the server's own event loop
     * @throws Exception the first server that could not bind, as Vert.x reports it
     */
    static List<HttpServer> listen(Vertx vertx, int count, Supplier<HttpServer> make, SocketAddress address)
            throws Exception {
        List<HttpServer> servers = new ArrayList<>();
        // Vert.x shares one random port between servers that ask for the same negative port (port 0
        // is a random port each); each call takes a number of its own, so two listeners never meet.
        int port = address.port() == 0 ? RANDOM_PORT_KEYS.decrementAndGet() : address.port();
        Supplier<Deployable> instance = () -> context -> make.get().listen(port, address.host()).onSuccess(server -> {
            synchronized (servers) {
                servers.add(server);
            }
        });
        vertx.deployVerticle(instance, new DeploymentOptions().setInstances(count))
                .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        synchronized (servers) {
            return List.copyOf(servers);
        }
    }
}
