package io.ferry.tunnel.proxy;

/**
 * Why the tunnel refused a request: the {@code reason} label of {@code ferry_tunnel_refused_total}.
 *
 * <pre>{@code
 * proxy.metrics().refused(Refusal.BAD_POLL);
 * }</pre>
 */
public enum Refusal {
    /** 401: no credentials, or unknown ones. */
    UNAUTHENTICATED("unauthenticated"),
    /** 403: credentials that do not cover this fqdn (or lack {@code read}). */
    OUT_OF_SCOPE("out_of_scope"),
    /** 409: a poll for an fqdn another owner has registered. */
    TAKEOVER("takeover"),
    /** 403: a push for a scrape handed to another owner. */
    WRONG_CLIENT("wrong_client"),
    /** 404: a push for an Id no scrape waits for. */
    UNKNOWN_ID("unknown_id"),
    /** 400: a poll whose body is not an fqdn, or whose declarations cannot be read. */
    BAD_POLL("bad_poll"),
    /** 400: a push that is not an HTTP response, or has no Id; also a proxy request that cannot be relayed. */
    BAD_PUSH("bad_push"),
    /** 413: a pushed response above {@code tunnel.max_response_bytes}. */
    TOO_LARGE("too_large"),
    /** 500 at once: too many scrapes already wait for this fqdn. */
    QUEUE_FULL("queue_full");

    private final String label;

    Refusal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
