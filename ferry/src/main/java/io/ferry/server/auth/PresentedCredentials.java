package io.ferry.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * What a request's {@code Authorization} header says: nothing, a bearer token, a basic-auth user and
 * password, or something unusable. {@code toString} never shows a secret.
 */
sealed interface PresentedCredentials {

    /** No {@code Authorization} header. */
    record None() implements PresentedCredentials {
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements PresentedCredentials {
        @Override
        public String toString() {
            return "Bearer[<secret>]";
        }
    }

    /** {@code Authorization: Basic <base64 of user:password>}. */
    record Basic(String user, String password) implements PresentedCredentials {
        @Override
        public String toString() {
            return "Basic[" + user + "]";
        }
    }

    /** Another scheme, or a malformed header. */
    record Unusable() implements PresentedCredentials {
    }

    PresentedCredentials NONE = new None();
    PresentedCredentials UNUSABLE = new Unusable();

    /** Reads an {@code Authorization} header value (null when absent); schemes are case-insensitive. */
    static PresentedCredentials parse(String header) {
        if (header == null) {
            return NONE;
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space <= 0) {
            return UNUSABLE;
        }
        String scheme = h.substring(0, space).toLowerCase(Locale.ROOT);
        String value = h.substring(space + 1).strip();
        if (value.isEmpty()) {
            return UNUSABLE;
        }
        return switch (scheme) {
            case "bearer" -> new Bearer(value);
            case "basic" -> basic(value);
            default -> UNUSABLE;
        };
    }

    private static PresentedCredentials basic(String base64) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return UNUSABLE;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return UNUSABLE;
        }
        return new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
