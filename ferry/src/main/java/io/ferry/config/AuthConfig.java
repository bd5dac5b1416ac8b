package io.ferry.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who may do what: the {@code auth:} section (bearer tokens and whether reading needs one) and the
 * web config file in the exporter-toolkit format ({@code web.config_file}, flag
 * {@code --web.config.file}) with TLS and basic-auth users. See {@code docs/security.md}.
 *
 * <p>With no tokens and no web config file Ferry is open, as the Pushgateway is by default.
 *
 * @param tokens        {@code auth.tokens}, in file order; the secrets are read (token files included)
 * @param read          {@code auth.read}; empty when not set: reading is then open unless the web
 *                      config file has {@code basic_auth_users}, which protect everything as in the Pushgateway
 * @param webConfigFile the exporter-toolkit web config file, if any
 */
public record AuthConfig(List<AuthToken> tokens, Optional<ReadAccess> read, Optional<Path> webConfigFile) {

    /** No tokens, reading open, no web config file. */
    public static final AuthConfig DEFAULTS = new AuthConfig(List.of(), Optional.empty(), Optional.empty());

    public AuthConfig {
        tokens = List.copyOf(tokens);
    }

    /** Whether reading needs a token ({@code auth.read}). */
    public enum ReadAccess {
        /** Anyone may read ({@code open}). */
        OPEN,
        /** Reading needs a token with {@code read}, or a basic-auth user ({@code token}). */
        TOKEN
    }

    public AuthConfig withWebConfigFile(Path file) {
        return new AuthConfig(tokens, read, Optional.ofNullable(file));
    }
}
