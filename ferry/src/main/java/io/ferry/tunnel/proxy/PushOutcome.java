package io.ferry.tunnel.proxy;

/**
 * What {@link TunnelProxy#push} did with a pushed response; a response too large to read (413) is
 * refused by the handler before it gets here.
 *
 * <pre>{@code
 * int status = switch (proxy.push(id, response, owner)) {
 *     case DELIVERED -> 200;
 *     case UNKNOWN_ID -> 404;
 *     case WRONG_CLIENT -> 403;
 * };
 * }</pre>
 */
public enum PushOutcome {
    /** 200: handed to the waiting scrape. */
    DELIVERED,
    /** 404: no scrape waits for this Id: never issued, already answered, or expired. */
    UNKNOWN_ID,
    /** 403: the Id was handed to another owner's poll; that scrape keeps waiting for its own client. */
    WRONG_CLIENT
}
