package io.ferry.tunnel;

/**
 * What is wrong with bytes that should have been an HTTP request or response on the tunnel, and
 * where: {@code "line 1: ..."}, {@code "header 3: ..."}, {@code "chunk size ..."},
 * {@code "body larger than N bytes"}.
 *
 * <pre>{@code
 * try {
 *     RelayedResponse r = RelayedResponse.parse(body, 0, body.length, limit);
 * } catch (TunnelWireException e) {
 *     int status = e.tooLarge() ? 413 : 400;
 * }
 * }</pre>
 */
public final class TunnelWireException extends Exception {
    private final boolean tooLarge;

    public TunnelWireException(String message) {
        this(message, false);
    }

    private TunnelWireException(String message, boolean tooLarge) {
        super(message, null, false, false);
        this.tooLarge = tooLarge;
    }

    /** A body above {@code maxBodyBytes}: the message names the limit. */
    public static TunnelWireException bodyTooLarge(long maxBodyBytes) {
        return new TunnelWireException("body larger than " + maxBodyBytes + " bytes", true);
    }

    /** True when the input was refused for its size alone (answered 413, not 400). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
