package io.ferry.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refuses prometheus.yml keys Ferry knows but does not implement, so a copied file never loses a
 * setting silently: {@code scrape_configs[0].kubernetes_sd_configs: not supported by Ferry (...)}
 * at the key's line, rather than the generic unknown-key error. Stateless.
 */
final class Unsupported {
    private Unsupported() {
    }

    /** Throws for every one of {@code keys} that {@code m} holds, each with {@code hint} after the reason. */
    static void refuse(YamlMapping m, Set<String> keys, String hint) throws ConfigException {
        List<ConfigException> found = new ArrayList<>();
        for (String key : m.keys()) {
            if (keys.contains(key)) {
                found.add(m.error(key, "not supported by Ferry" + (hint.isEmpty() ? "" : " (" + hint + ")")));
            }
        }
        if (!found.isEmpty()) {
            throw ConfigException.of(found);
        }
    }

    /** Throws for the first key ending in {@code _sd_configs} that is not in {@code supported}. */
    static void refuseDiscovery(YamlMapping m, Set<String> supported) throws ConfigException {
        for (String key : m.keys()) {
            if (key.endsWith("_sd_configs") && !supported.contains(key)) {
                throw m.error(key, "not supported by Ferry (service discovery: static_configs, "
                        + "file_sd_configs, http_sd_configs, dns_sd_configs, tunnel_sd_configs)");
            }
        }
    }
}
