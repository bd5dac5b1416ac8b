package io.ferry.tunnel.proxy;

import io.ferry.tunnel.ScrapeRequest;

/**
 * How a poll ends, the value of {@link TunnelProxy#poll}'s future.
 *
 * <pre>{@code
 * switch (answer) {
 *     case PollAnswer.Scrape s -> respond(200, s.request().toProxyForm());
 *     case PollAnswer.Renew r -> respond(204);
 *     case PollAnswer.Expired e -> respond(408, "Error WaitForScrapeInstruction: request is expired");
 * }
 * }</pre>
 */
public sealed interface PollAnswer {

    /** 204 No Content: the poll's {@code renewAfter} passed with no scrape (Ferry clients only). */
    PollAnswer RENEW = new Renew();

    /** 408: a newer poll for the same fqdn by the same owner replaced this one. */
    PollAnswer EXPIRED = new Expired();

    /** 200: scrape this; the request carries its {@code Id} header. The body is {@code request().toProxyForm()}. */
    record Scrape(ScrapeRequest request) implements PollAnswer {
    }

    /** See {@link #RENEW}. */
    record Renew() implements PollAnswer {
    }

    /** See {@link #EXPIRED}. */
    record Expired() implements PollAnswer {
    }
}
