package io.ferry.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * {@code PUT} or {@code POST /-/quit} ({@code --web.enable-lifecycle}): answers as the Pushgateway
 * does, then asks whoever runs Ferry to stop it. The handler does not stop the server itself: it
 * runs on the event loop that stopping the server waits for.
 */
final class QuitHandler implements Handler<RoutingContext> {
    private final Consumer<String> requestStop;

    /** @param requestStop told, once the answer is sent, what asked: {@code "PUT /-/quit"} */
    QuitHandler(Consumer<String> requestStop) {
        this.requestStop = requestStop;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String what = ctx.request().method().name() + " " + ctx.request().path();
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("Requesting termination... Goodbye!")
                .onComplete(done -> requestStop.accept(what));
    }
}
