package io.ferry.scrape.discovery;

import io.ferry.model.Glob;

import java.util.List;

/**
 * One item of {@code tunnel_sd_configs:}: the tunnel clients registered with this Ferry's tunnel
 * proxy, read from its live registry (no HTTP, no refresh interval), those whose fqdn matches one of
 * {@code fqdnPatterns} ({@code *} for any run of characters, {@link Glob}); every client when empty.
 */
public record TunnelSd(List<String> fqdnPatterns) {
    public TunnelSd {
        fqdnPatterns = List.copyOf(fqdnPatterns);
    }

    /** Whether the client registered as {@code fqdn} is one of this item's. */
    public boolean matches(String fqdn) {
        if (fqdnPatterns.isEmpty()) {
            return true;
        }
        for (String p : fqdnPatterns) {
            if (Glob.matches(p, fqdn)) {
                return true;
            }
        }
        return false;
    }
}
