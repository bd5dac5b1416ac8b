package io.ferry.server;

import io.ferry.testing.TestHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
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
            HttpResponse<String> r = TestHttp.local(server.actualPort()).get("/");
            assertThat(r.body()).isEqualTo("127.0.0.1");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
