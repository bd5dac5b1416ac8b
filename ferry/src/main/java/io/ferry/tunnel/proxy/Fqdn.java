package io.ferry.tunnel.proxy;

/**
 * What a poll's body may name: a host name scrapes can be routed to.
 *
 * <pre>{@code
 * String fqdn = Fqdn.check(new String(body, UTF_8));   // trimmed, or IllegalArgumentException saying why
 * }</pre>
 *
 * <p>Labels of letters, digits, {@code -} and {@code _} (Docker's host names have it) separated by
 * dots, each 1 to 63 characters, 253 in all: what can stand as the host of
 * {@code http://fqdn:port/} in a Prometheus target. Case is kept; routing is exact, as PushProx's.
 */
public final class Fqdn {
    public static final int MAX_LENGTH = 253;

    private Fqdn() {
    }

    /** The name, trimmed of white space as PushProx does; throws {@link IllegalArgumentException} naming the fault. */
    public static String check(String body) {
        String name = body.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty fqdn: the poll's body must be the client's fqdn");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("fqdn longer than " + MAX_LENGTH + " characters");
        }
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    throw new IllegalArgumentException("fqdn " + shown(name) + " has an empty label");
                }
                labelLength = 0;
            } else if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_') {
                if (++labelLength > 63) {
                    throw new IllegalArgumentException("fqdn " + shown(name) + " has a label longer than 63 characters");
                }
            } else {
                throw new IllegalArgumentException("fqdn " + shown(name) + " has the character " + shownChar(c)
                        + "; a host name has letters, digits, '-', '_' and dots");
            }
        }
        if (labelLength == 0) {
            throw new IllegalArgumentException("fqdn " + shown(name) + " ends with a dot");
        }
        return name;
    }

    private static String shown(String s) {
        return "\"" + ClientDeclaration.clip(s) + "\"";
    }

    private static String shownChar(char c) {
        return c < 0x20 || c == 0x7f ? String.format("0x%02x", (int) c) : "'" + c + "'";
    }
}
