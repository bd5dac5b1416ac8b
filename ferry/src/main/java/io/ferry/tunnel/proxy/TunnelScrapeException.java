package io.ferry.tunnel.proxy;

/**
 * Why a scrape through the tunnel got no response; the message is the text after
 * {@code Error scraping "<url>": } in the 500 answer, PushProx's text where PushProx has one.
 *
 * <pre>{@code
 * proxy.scrape(request, timeout).whenComplete((response, error) -> {
 *     if (error instanceof TunnelScrapeException e) {
 *         respond(500, "Error scraping \"" + request.url() + "\": " + e.getMessage());
 *     }
 * });
 * }</pre>
 */
public final class TunnelScrapeException extends Exception {

    /** What went wrong, also the {@code result} label of {@code ferry_tunnel_scrapes_total}. */
    public enum Reason {
        /** No client answered within the scrape's timeout. */
        TIMEOUT("timeout"),
        /** Too many scrapes already wait for this fqdn. */
        QUEUE_FULL("queue_full"),
        /** The proxy is shutting down. */
        CLOSED("closed");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public TunnelScrapeException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
