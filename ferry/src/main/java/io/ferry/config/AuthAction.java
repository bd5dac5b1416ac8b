package io.ferry.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a bearer token may do ({@code actions:} of an {@code auth.tokens} entry). {@link #PUSH} and
 * {@link #DELETE} are scoped by the token's job patterns, {@link #TUNNEL} by its fqdn patterns,
 * {@link #OTLP} by its {@code service.name} patterns;
 * {@link #READ} and {@link #ADMIN} are not, since what they reach ({@code /metrics}, the JSON API, a
 * wipe, a reload) is not one job's.
 */
public enum AuthAction {
    /** {@code PUT} and {@code POST} on {@code /metrics/job/<job>...}. */
    PUSH,
    /** {@code DELETE} on {@code /metrics/job/<job>...}, and deleting groups of the token's jobs by other routes. */
    DELETE,
    /** {@code /metrics}, the JSON API and the status page, when {@code auth.read} is {@code token}. */
    READ,
    /** {@code /api/v1/admin/wipe}, {@code /-/quit} and {@code /-/reload} (each still behind its flag). */
    ADMIN,
    /** {@code /poll} and {@code /push} of the tunnel proxy, for the fqdns of the token's {@code fqdns} patterns. */
    TUNNEL,
    /** OTLP exports ({@code POST /v1/metrics}, gRPC {@code Export}), for the resources whose {@code service.name} its {@code services} patterns match. */
    OTLP;

    /** The name as written in the config file. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action named {@code s} ({@code push}, {@code delete}, {@code read}, {@code admin}, {@code tunnel}, {@code otlp}). */
    static AuthAction parse(String s) {
        for (AuthAction a : values()) {
            if (a.label().equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action \"" + s + "\" (allowed: "
                + Arrays.stream(values()).map(AuthAction::label).collect(Collectors.joining(", ")) + ")");
    }
}
