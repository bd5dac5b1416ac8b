package io.ferry.cli.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What a push sends in its {@code Authorization} header: nothing, a bearer token, or basic auth
 * (what a Pushgateway behind exporter-toolkit's {@code --web.config.file} asks for). Immutable;
 * {@link #toString} never shows the secret, so a credential can be logged by mistake without
 * leaking.
 */
public sealed interface Credentials {
    Credentials NONE = new None();

    /** The {@code Authorization} header's value, if any. */
    Optional<String> authorization();

    /** Sends no {@code Authorization} header. */
    record None() implements Credentials {
        @Override
        public Optional<String> authorization() {
            return Optional.empty();
        }
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements Credentials {
        public Bearer {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("the token is empty");
            }
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                // A header value cannot carry these; refusing early beats a confusing client error.
                if (c < 0x20 || c == 0x7f || c > 0x7e) {
                    throw new IllegalArgumentException("the token holds a character a header cannot carry (at offset " + i + ")");
                }
            }
        }

        @Override
        public Optional<String> authorization() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[token=<hidden>]";
        }
    }

    /** {@code Authorization: Basic base64(user:password)}, the password in UTF-8. */
    record Basic(String user, String password) implements Credentials {
        public Basic {
            if (user.isEmpty()) {
                throw new IllegalArgumentException("the user name is empty");
            }
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("the user name must not contain ':'");
            }
        }

        @Override
        public Optional<String> authorization() {
            byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair));
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=<hidden>]";
        }
    }
}
