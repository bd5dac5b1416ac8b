package io.ferry.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vert.x that Ferry ships can tell a request's client address, which logs and per-client limits
 * need: with Netty's QUIC classes left out of the build, asking for it threw a
 * NoClassDefFoundError and the request was never answered.
 */
class ClientAddressIT {

    @Test
    void aRequestKnowsItsClientAddress() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.response().end(request.remoteAddress().hostAddress()))
                    .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.actualPort() + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("127.0.0.1");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
