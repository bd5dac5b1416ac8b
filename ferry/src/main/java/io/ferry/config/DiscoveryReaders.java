package io.ferry.config;

import io.ferry.model.PromDuration;
import io.ferry.scrape.discovery.DnsSd;
import io.ferry.scrape.discovery.FileSd;
import io.ferry.scrape.discovery.HttpSd;
import io.ferry.scrape.discovery.StaticTargets;
import io.ferry.scrape.discovery.TunnelSd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the service discovery items of a scrape job ({@code static_configs}, {@code file_sd_configs},
 * {@code http_sd_configs}, {@code dns_sd_configs}) with Prometheus' keys, defaults and checks, and
 * Ferry's own {@code tunnel_sd_configs}.
 */
final class DiscoveryReaders {
    /** Prometheus' {@code patFileSDName}: one {@code *} at most, in the last path segment, and a JSON or YAML suffix. */
    private static final Pattern FILE_SD_NAME = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");

    private DiscoveryReaders() {
    }

    /**
     * One static_configs item. With {@code checkAddresses} (a job without relabel_configs, as
     * Prometheus' {@code checkStaticTargets}) a target must be an address, not a URL; a job that
     * relabels may list URLs (blackbox probes) and has its addresses checked after relabeling.
     */
    static StaticTargets staticConfig(YamlMapping item, boolean checkAddresses) throws ConfigException {
        item.allowOnly("targets", "labels");
        List<String> targets = item.strings("targets");
        if (checkAddresses) {
            for (String t : targets) {
                if (t.contains("/")) {
                    throw item.error("targets", "\"" + t + "\" is not a valid hostname (a target is host:port; "
                            + "URLs need relabel_configs that set __address__)");
                }
            }
        }
        return new StaticTargets(targets, PromGlobalSection.labels(item, "labels"));
    }

    static FileSd fileSd(YamlMapping item) throws ConfigException {
        item.allowOnly("files", "refresh_interval");
        List<String> files = item.strings("files");
        if (files.isEmpty()) {
            throw item.has("files") ? item.error("files", "must list at least one file")
                    : item.missing("files", "is required");
        }
        for (String f : files) {
            if (!FILE_SD_NAME.matcher(f).matches()) {
                throw item.error("files", "\"" + f + "\" is not a valid file pattern (a .json, .yml or .yaml file; "
                        + "one * at most, in the last path segment)");
            }
        }
        return new FileSd(files, refresh(item, FileSd.DEFAULT_REFRESH));
    }

    static HttpSd httpSd(YamlMapping item) throws ConfigException {
        List<String> keys = new ArrayList<>(List.of("url", "refresh_interval"));
        keys.addAll(HttpClientReader.KEYS);
        Unsupported.refuse(item, HttpClientReader.UNSUPPORTED, "use basic_auth or authorization; proxies by proxy_url");
        item.allowOnly(keys.toArray(String[]::new));
        var url = item.string("url", HttpClientReader::httpUrl)
                .orElseThrow(() -> item.missing("url", "is required"));
        return new HttpSd(url, refresh(item, HttpSd.DEFAULT_REFRESH), HttpClientReader.read(item));
    }

    static DnsSd dnsSd(YamlMapping item) throws ConfigException {
        item.allowOnly("names", "type", "port", "refresh_interval");
        List<String> names = item.strings("names");
        if (names.isEmpty()) {
            throw item.has("names") ? item.error("names", "must list at least one DNS name")
                    : item.missing("names", "is required");
        }
        String typeName = item.string("type").orElse("SRV");
        DnsSd.Type type;
        switch (typeName.toUpperCase(Locale.ROOT)) {
            case "SRV" -> type = DnsSd.Type.SRV;
            case "A" -> type = DnsSd.Type.A;
            case "AAAA" -> type = DnsSd.Type.AAAA;
            case "MX", "NS" -> throw item.error("type", "\"" + typeName + "\" records are not supported by Ferry (SRV, A, AAAA)");
            default -> throw item.error("type", "unknown DNS record type \"" + typeName + "\" (SRV, A, AAAA)");
        }
        long port = item.integer("port").orElse(0L);
        if (port < 0 || port > 65535) {
            throw item.error("port", "must be between 1 and 65535, got " + port);
        }
        if (type != DnsSd.Type.SRV && port == 0) {
            throw item.missing("port", "is required for " + type + " records (SRV records carry their own)");
        }
        return new DnsSd(names, type, (int) port, refresh(item, DnsSd.DEFAULT_REFRESH));
    }

    /** One tunnel_sd_configs item: {@code fqdns}, patterns of the clients' fqdns; all clients when absent. */
    static TunnelSd tunnelSd(YamlMapping item) throws ConfigException {
        item.allowOnly("fqdns");
        List<String> fqdns = item.strings("fqdns");
        for (String f : fqdns) {
            if (f.isBlank()) {
                throw item.error("fqdns", "an fqdn pattern must not be empty (omit fqdns for every client)");
            }
        }
        return new TunnelSd(fqdns);
    }

    private static Duration refresh(YamlMapping item, Duration dflt) throws ConfigException {
        Duration d = item.string("refresh_interval", PromDuration::parse).orElse(dflt);
        if (d.isZero()) {
            throw item.error("refresh_interval", "must be longer than 0");
        }
        return d;
    }
}
