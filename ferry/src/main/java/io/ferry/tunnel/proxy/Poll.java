package io.ferry.tunnel.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code POST /poll}: a client asks for its next scrape.
 *
 * <pre>{@code
 * Poll p = new Poll("site-a-gw", "token:site-a", Map.of("site", "a"),
 *         List.of(new DeclaredTarget(9100, "/metrics")), Duration.ofSeconds(30));
 * proxy.poll(p).thenAccept(answer -> ...);
 * }</pre>
 *
 * @param fqdn       the name scrapes are routed by (the poll's body, trimmed; see {@link Fqdn#check})
 * @param owner      who polls: {@code token:<name>}, {@code cert:<subject>}, or {@code ""} when the proxy is open
 * @param labels     labels the client declares for {@code /clients} and tunnel_sd; empty for PushProx clients
 * @param targets    the client's declared {@code port/path} entries; empty for PushProx clients
 * @param renewAfter answer {@link PollAnswer.Renew} after this long without a scrape;
 *                   {@link Duration#ZERO} holds the poll until a scrape or a newer poll, as PushProx does
 */
public record Poll(String fqdn, String owner, Map<String, String> labels, List<DeclaredTarget> targets,
                   Duration renewAfter) {

    public Poll {
        labels = Map.copyOf(labels);
        targets = List.copyOf(targets);
        if (renewAfter.isNegative()) {
            throw new IllegalArgumentException("renewAfter is negative: " + renewAfter);
        }
    }

    /** A PushProx client's poll: no labels, no targets, held until a scrape. */
    public static Poll plain(String fqdn, String owner) {
        return new Poll(fqdn, owner, Map.of(), List.of(), Duration.ZERO);
    }
}
