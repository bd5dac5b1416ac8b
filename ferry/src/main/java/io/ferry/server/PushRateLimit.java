package io.ferry.server;

import io.ferry.server.auth.Principal;
import io.ferry.server.auth.TokenBucket;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code push.limits.max_pushes_per_second}: a token bucket per client, refilled at the rate and
 * holding at most the burst; a push finding its bucket empty is answered 429 with
 * {@code Retry-After} (whole seconds until a token is back) before its body is read. A client is the
 * authenticated principal when there is one, else the remote address, so that pushes through one
 * proxy with different tokens are limited apart. Buckets of clients idle long enough to be full
 * again are dropped, so the map stays as large as the set of recent clients. Thread-safe: a sweep
 * retires a bucket before dropping it, and a push that found it just before takes from the
 * client's next bucket instead, so no token is taken from a bucket that is no longer kept.
 */
final class PushRateLimit implements Handler<RoutingContext> {
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Runnable onRefused;
    private final Runnable afterLookup;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    // From the clock's own origin: System.nanoTime may be negative, and a sweep due at 0 would then never come.
    private long nextSweep;

    PushRateLimit(double perSecond, int burst, LongSupplier nanoTime, Runnable onRefused) {
        this(perSecond, burst, nanoTime, onRefused, () -> { });
    }

    /** With {@code afterLookup} run between finding a client's bucket and taking from it: the test's seam into that gap. */
    PushRateLimit(double perSecond, int burst, LongSupplier nanoTime, Runnable onRefused, Runnable afterLookup) {
        this.afterLookup = afterLookup;
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.onRefused = onRefused;
        this.nextSweep = nanoTime.getAsLong();
    }

    @Override
    public void handle(RoutingContext ctx) {
        long waitNanos = take(client(ctx));
        if (waitNanos == 0) {
            ctx.next();
            return;
        }
        onRefused.run();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        Plain.refuseUnread(ctx, 429, "push refused: more than " + perSecond + " pushes per second from this client, "
                + "burst " + burst + " (push.limits.max_pushes_per_second); retry after " + seconds + " s\n");
    }

    /** Takes a token for {@code client}: 0 when there was one, else the nanoseconds until there is. */
    long take(String client) {
        long now = nanoTime.getAsLong();
        sweep(now);
        while (true) {
            TokenBucket bucket = buckets.computeIfAbsent(client, c -> new TokenBucket(perSecond, burst, now));
            afterLookup.run();
            long wait = bucket.take(now);
            if (wait != TokenBucket.RETIRED) {
                return wait;
            }
            // A sweep retired it after the lookup: a token taken from it would be forgotten with it.
            buckets.remove(client, bucket);
        }
    }

    /** Drops buckets that have been refilling for longer than a full refill takes, once per such period. */
    private void sweep(long now) {
        long fullNanos = fullRefillNanos();
        synchronized (this) {
            if (now - nextSweep < 0) {
                return;
            }
            nextSweep = now + fullNanos;
        }
        dropIdle(now);
    }

    /** Drops the buckets idle for longer than a full refill takes at {@code now}. */
    void dropIdle(long now) {
        long fullNanos = fullRefillNanos();
        buckets.values().removeIf(b -> b.retireIfIdle(now, fullNanos));
    }

    private long fullRefillNanos() {
        return (long) (burst / perSecond * 1e9) + 1_000_000_000L;
    }

    private static String client(RoutingContext ctx) {
        // The route's guard puts a Principal there; anonymous requests (Ferry open, or read open) are
        // told apart by address, not lumped into one bucket.
        if (ctx.get(Principal.CONTEXT_KEY) instanceof Principal p && p.kind() != Principal.Kind.ANONYMOUS) {
            return "principal:" + p;
        }
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : "address:" + remote.hostAddress();
    }

    int clients() {
        return buckets.size();
    }
}
