package io.ferry.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code auth:}. Token files are read here, so a missing or empty one stops Ferry at start (and
 * fails {@code ferry check config} and a reload) with the file, line and key; a relative
 * {@code token_file} is resolved against the config file's directory. No message ever contains a
 * token.
 */
final class AuthSection {
    private AuthSection() {
    }

    static AuthConfig read(YamlMapping m, AuthConfig defaults) throws ConfigException {
        m.allowOnly("tokens", "read");
        Optional<AuthConfig.ReadAccess> read = m.string("read", AuthSection::readAccess);
        List<AuthToken> tokens = m.has("tokens") ? m.mappings("tokens", AuthSection::token) : defaults.tokens();
        Map<String, String> names = new HashMap<>();
        for (AuthToken t : tokens) {
            if (names.put(t.name(), t.name()) != null) {
                throw m.error("tokens", "two tokens are named \"" + t.name() + "\"");
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            for (int k = i + 1; k < tokens.size(); k++) {
                if (tokens.get(i).secret().equals(tokens.get(k).secret())) {
                    throw m.error("tokens", "tokens \"" + tokens.get(i).name() + "\" and \"" + tokens.get(k).name()
                            + "\" have the same secret; each token must identify one entry");
                }
            }
        }
        Optional<AuthConfig.ReadAccess> effective = read.isPresent() ? read : defaults.read();
        if (effective.equals(Optional.of(AuthConfig.ReadAccess.TOKEN)) && tokens.isEmpty()) {
            // Basic-auth users could still read, but they live in another file; better to say so here.
            throw m.error("read", "\"token\" needs at least one entry in auth.tokens");
        }
        return new AuthConfig(tokens, effective, defaults.webConfigFile());
    }

    private static AuthConfig.ReadAccess readAccess(String s) {
        return switch (s) {
            case "open" -> AuthConfig.ReadAccess.OPEN;
            case "token" -> AuthConfig.ReadAccess.TOKEN;
            default -> throw new IllegalArgumentException("must be open or token, got \"" + s + "\"");
        };
    }

    private static AuthToken token(YamlMapping t) throws ConfigException {
        t.allowOnly("name", "token", "token_file", "jobs", "actions", "fqdns", "services");
        String name = t.string("name").orElseThrow(() -> t.missing("name", "is required"));
        if (name.isBlank()) {
            throw t.error("name", "must not be empty");
        }
        Secret secret = secret(t);

        List<String> actionNames = t.strings("actions");
        if (actionNames.isEmpty()) {
            throw t.has("actions") ? t.error("actions", "must not be empty: one or more of push, delete, read, admin, tunnel, otlp")
                    : t.missing("actions", "is required: one or more of push, delete, read, admin, tunnel, otlp");
        }
        Set<AuthAction> actions = EnumSet.noneOf(AuthAction.class);
        for (String a : actionNames) {
            try {
                actions.add(AuthAction.parse(a));
            } catch (IllegalArgumentException e) {
                throw t.error("actions", e.getMessage());
            }
        }

        List<JobGlob> jobs = new ArrayList<>();
        for (String j : t.strings("jobs")) {
            if (j.isEmpty()) {
                throw t.error("jobs", "a job pattern must not be empty (\"*\" matches every job)");
            }
            jobs.add(JobGlob.parse(j));
        }
        boolean scoped = actions.contains(AuthAction.PUSH) || actions.contains(AuthAction.DELETE);
        if (scoped && jobs.isEmpty()) {
            throw t.missing("jobs", "is required for push and delete: the job patterns the token may write (\"*\" for every job)");
        }
        if (!scoped && !jobs.isEmpty()) {
            throw t.error("jobs", "applies only to push and delete, which this token does not have");
        }
        return new AuthToken(name, secret, jobs, actions,
                patterns(t, "fqdns", AuthAction.TUNNEL, actions, "fqdn", "the fqdn patterns the token may poll for"),
                patterns(t, "services", AuthAction.OTLP, actions, "service.name",
                        "the service.name patterns the token may export"));
    }

    /**
     * The patterns under {@code key} that scope {@code action} (the tunnel's fqdns, OTLP's
     * services): required with the action, refused without it.
     */
    private static List<JobGlob> patterns(YamlMapping t, String key, AuthAction action, Set<AuthAction> actions,
                                          String what, String purpose) throws ConfigException {
        List<JobGlob> patterns = new ArrayList<>();
        for (String f : t.strings(key)) {
            if (f.isEmpty()) {
                throw t.error(key, "an " + what + " pattern must not be empty (\"*\" matches every " + what + ")");
            }
            patterns.add(JobGlob.parse(f));
        }
        boolean has = actions.contains(action);
        if (has && patterns.isEmpty()) {
            throw t.missing(key, "is required for " + action.label() + ": " + purpose + " (\"*\" for every " + what + ")");
        }
        if (!has && !patterns.isEmpty()) {
            throw t.error(key, "applies only to " + action.label() + ", which this token does not have");
        }
        return patterns;
    }

    private static Secret secret(YamlMapping t) throws ConfigException {
        boolean inline = t.has("token");
        boolean file = t.has("token_file");
        if (inline && file) {
            throw t.error("token_file", "give exactly one of token and token_file, not both");
        }
        if (!inline && !file) {
            throw t.missing("token", "give one of token and token_file");
        }
        if (inline) {
            String value = t.string("token").orElseThrow();
            if (value.isEmpty()) {
                throw t.error("token", "must not be empty");
            }
            if (!value.equals(value.strip())) {
                // A client's header value is read without them, so such a token could never match.
                throw t.error("token", "must not start or end with whitespace");
            }
            return Secret.of(value);
        }
        String given = t.string("token_file").orElseThrow();
        if (given.isEmpty()) {
            throw t.error("token_file", "must not be empty");
        }
        Path dir = Optional.ofNullable(Path.of(t.file()).toAbsolutePath().getParent()).orElse(Path.of("."));
        Path path = dir.resolve(given);
        String content;
        try {
            content = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw t.error("token_file", "file " + path + " does not exist");
        } catch (CharacterCodingException e) {
            throw t.error("token_file", "file " + path + " is not valid UTF-8");
        } catch (IOException e) {
            throw t.error("token_file", "cannot read " + path + ": " + e.getClass().getSimpleName());
        }
        String value = content.strip(); // as Prometheus reads a credentials file: a header carries no edge whitespace
        if (value.isEmpty()) {
            throw t.error("token_file", "file " + path + " is empty");
        }
        return Secret.of(value);
    }
}
