package io.ferry.tunnel.proxy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered client as the registry shows it, in {@code /clients} and to tunnel_sd.
 *
 * <pre>{@code
 * for (TunnelClient c : proxy.clients()) {
 *     System.out.println(c.fqdn() + (c.connected() ? " polling" : " gone since " + c.lastPoll()));
 * }
 * }</pre>
 *
 * @param fqdn      the name it polls for
 * @param owner     who registered it ({@code token:<name>}, {@code cert:<subject>}, {@code ""} when open)
 * @param labels    the labels its latest poll declared
 * @param targets   the targets its latest poll declared; empty for PushProx clients
 * @param connected a poll of it is open now, or ended less than {@link TunnelProxy#CONNECTED_GRACE} ago
 *                  (between two polls a client stays connected)
 * @param lastPoll  when its latest poll began or ended, whichever is later
 */
public record TunnelClient(String fqdn, String owner, Map<String, String> labels, List<DeclaredTarget> targets,
                           boolean connected, Instant lastPoll) {

    public TunnelClient {
        labels = Map.copyOf(labels);
        targets = List.copyOf(targets);
    }

    /** The same client without its poll time, for telling whether anything a watcher sees has changed. */
    boolean sameAs(TunnelClient o) {
        return fqdn.equals(o.fqdn) && owner.equals(o.owner) && labels.equals(o.labels) && targets.equals(o.targets)
                && connected == o.connected;
    }
}
