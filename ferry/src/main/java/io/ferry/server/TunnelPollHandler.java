package io.ferry.server;

import io.ferry.config.AuthAction;
import io.ferry.server.auth.Principal;
import io.ferry.tunnel.TunnelHeaders;
import io.ferry.tunnel.proxy.ClientDeclaration;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.Fqdn;
import io.ferry.tunnel.proxy.Poll;
import io.ferry.tunnel.proxy.PollAnswer;
import io.ferry.tunnel.proxy.ProxyMetrics;
import io.ferry.tunnel.proxy.Refusal;
import io.ferry.tunnel.proxy.TakeoverRefused;
import io.ferry.tunnel.proxy.TunnelProxy;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /poll}: a tunnel client registers its fqdn (the body) and waits for a scrape. Answers 200
 * with the scrape request in proxy form, 204 when the client asked to renew
 * ({@code X-Ferry-Poll-Renew-Seconds}), 408 when a newer poll replaced this one, as PushProx does;
 * 400 for a body that is not an fqdn or declarations that cannot be read, 403 for an fqdn outside
 * the principal's scope, 409 for another owner's fqdn. The body is read by {@link RawBody} first.
 */
final class TunnelPollHandler implements Handler<RoutingContext> {
    /** The longest renew interval a client may ask for. */
    static final Duration MAX_RENEW = Duration.ofHours(1);

    private final TunnelProxy proxy;
    private final ConnectionGuard connections;
    private final ProxyMetrics metrics;

    TunnelPollHandler(TunnelProxy proxy, ConnectionGuard connections) {
        this.proxy = proxy;
        this.connections = connections;
        this.metrics = proxy.metrics();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String fqdn;
        Map<String, String> labels;
        List<DeclaredTarget> targets;
        Duration renew;
        try {
            fqdn = Fqdn.check(new String(RawBody.of(ctx), StandardCharsets.UTF_8));
            labels = ClientDeclaration.labels(ctx.request().getHeader(TunnelHeaders.CLIENT_LABELS));
            targets = ClientDeclaration.targets(ctx.request().getHeader(TunnelHeaders.CLIENT_TARGETS));
            renew = renewAfter(ctx.request().getHeader(TunnelHeaders.POLL_RENEW_SECONDS));
        } catch (IllegalArgumentException e) {
            TunnelAnswer.refuse(ctx, metrics, Refusal.BAD_POLL, 400, "Error polling: " + e.getMessage());
            return;
        }
        Principal who = Principal.of(ctx);
        if (!who.may(AuthAction.TUNNEL, fqdn)) {
            TunnelAnswer.refuse(ctx, metrics, Refusal.OUT_OF_SCOPE, 403,
                    "Forbidden: " + who + " may not poll for fqdn \"" + fqdn + "\"");
            return;
        }
        CompletableFuture<PollAnswer> answer;
        try {
            answer = proxy.poll(new Poll(fqdn, who.owner(), labels, targets, renew));
        } catch (TakeoverRefused e) {
            TunnelAnswer.error(ctx, 409, e.getMessage());
            return;
        }
        connections.holdOpen(ctx);
        ctx.response().closeHandler(v -> answer.cancel(false));
        answer.whenComplete(TunnelAnswer.onContext(ctx, (a, error) -> {
            if (a != null) {
                send(ctx, a);
            }
        }));
    }

    private static void send(RoutingContext ctx, PollAnswer answer) {
        switch (answer) {
            case PollAnswer.Scrape s -> ctx.response().setStatusCode(200)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(Buffer.buffer(s.request().toProxyForm()));
            case PollAnswer.Renew r -> ctx.response().setStatusCode(204).end();
            case PollAnswer.Expired e -> TunnelAnswer.error(ctx, 408, "Error WaitForScrapeInstruction: request is expired");
        }
    }

    /** {@code X-Ferry-Poll-Renew-Seconds}: absent is {@link Duration#ZERO} (hold as PushProx does). */
    private static Duration renewAfter(String header) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(header.strip());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds > 0) || seconds > MAX_RENEW.toSeconds()) {
            throw new IllegalArgumentException(TunnelHeaders.POLL_RENEW_SECONDS + " must be seconds between 0 and "
                    + MAX_RENEW.toSeconds() + ", not \"" + TunnelAnswer.clip(header) + "\"");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
