package io.ferry.server;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopServersTest {

    @Test
    void eachServerAnswersOnAnEventLoopOfItsOwn() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            List<HttpServer> servers = EventLoopServers.listen(vertx, 2, () -> vertx.createHttpServer()
                            .requestHandler(r -> r.response().end(Thread.currentThread().getName())),
                    SocketAddress.inetSocketAddress(0, "127.0.0.1"));
            int port = servers.getFirst().actualPort();
            assertThat(servers.get(1).actualPort()).isEqualTo(port);
            Set<String> threads = new HashSet<>();
            // Vert.x hands the connections of a shared port to its servers in turn; a new client is
            // a new connection.
            for (int i = 0; i < 4; i++) {
                try (HttpClient client = HttpClient.newHttpClient()) {
                    threads.add(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                }
            }
            assertThat(threads).hasSize(2).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
