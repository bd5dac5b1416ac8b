package io.ferry.http;

/**
 * A credential Ferry sends to others (a scrape target's or a remote_write receiver's password or
 * token), so unlike the bearer tokens Ferry checks (kept only as digests) it keeps its value. It never shows: {@link #toString()} is
 * {@code <secret>}, so config records holding it can be logged and compared. Immutable.
 */
public final class ClientSecret {
    private final String value;

    private ClientSecret(String value) {
        this.value = value;
    }

    public static ClientSecret of(String value) {
        return new ClientSecret(value);
    }

    /** The value, for the request that carries it; never for a log line. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientSecret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
