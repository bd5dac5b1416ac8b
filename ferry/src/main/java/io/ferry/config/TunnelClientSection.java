package io.ferry.config;

import io.ferry.http.TlsSettings;
import io.ferry.model.PromDuration;
import io.ferry.tunnel.client.AllowList;
import io.ferry.tunnel.client.ClientLabels;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.client.TunnelTarget;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads {@code tunnel_client:}, the tunnel client {@code ferry serve} runs (the remote-site
 * recipe), into the client's own options; null when the section is absent. Relative files are
 * relative to the config file, as everywhere in it.
 */
final class TunnelClientSection {
    private TunnelClientSection() {
    }

    static TunnelClientOptions read(YamlMapping m, TunnelClientOptions defaults) throws ConfigException {
        m.allowOnly("proxy_url", "fqdns", "targets", "allow_any_port", "labels", "token_file", "tls_config",
                "poll_renew", "retry_initial_wait", "retry_max_wait", "max_concurrent_scrapes", "max_response_bytes");
        URI proxy = m.string("proxy_url", HttpClientReader::httpUrl)
                .orElseThrow(() -> m.missing("proxy_url", "the proxy's URL is needed"));
        List<String> fqdns = m.strings("fqdns");
        List<TunnelTarget> targets = new ArrayList<>();
        for (String t : m.strings("targets")) {
            try {
                targets.add(TunnelTarget.parse(t));
            } catch (IllegalArgumentException e) {
                throw m.error("targets", e.getMessage());
            }
        }
        boolean anyPort = m.bool("allow_any_port").orElse(false);
        AllowList allow = build(m, "targets", () -> new AllowList(targets, anyPort));
        Map<String, String> labelMap = m.stringMap("labels");
        ClientLabels labels = build(m, "labels", () -> ClientLabels.of(labelMap));
        TlsSettings tls = m.section("tls_config", TlsSettings.DEFAULTS, (s, d) -> HttpClientReader.tls(s));
        Duration renew = m.string("poll_renew", PromDuration::parse).orElse(TunnelClientOptions.DEFAULT_POLL_RENEW);
        Duration initial = m.string("retry_initial_wait", PromDuration::parse)
                .orElse(TunnelClientOptions.DEFAULT_RETRY_INITIAL_WAIT);
        Duration max = m.string("retry_max_wait", PromDuration::parse).orElse(TunnelClientOptions.DEFAULT_RETRY_MAX_WAIT);
        long concurrent = m.integer("max_concurrent_scrapes").orElse((long) TunnelClientOptions.DEFAULT_MAX_CONCURRENT_SCRAPES);
        long bytes = m.string("max_response_bytes", ByteSize::parse).orElse(TunnelClientOptions.DEFAULT_MAX_RESPONSE_BYTES);
        Path token = m.string("token_file", Path::of).orElse(null);
        return build(m, "fqdns", () -> new TunnelClientOptions(proxy, fqdns, allow, labels, token, tls, renew, initial,
                max, (int) Math.min(Integer.MAX_VALUE, concurrent), bytes));
    }

    /** Runs {@code make}, its {@link IllegalArgumentException} reported at {@code key}. */
    private static <T> T build(YamlMapping m, String key, Supplier<T> make) throws ConfigException {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw m.error(key, e.getMessage());
        }
    }
}
