package io.ferry.config;

import io.ferry.model.PromDuration;
import io.ferry.remotewrite.QueueSettings;
import io.ferry.remotewrite.Receiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one item of {@code remote_write:} with Prometheus' keys, defaults and checks
 * ({@code config.RemoteWriteConfig}): {@code url} is required, names are unique, the protocol's own
 * headers cannot be overridden. Not thread-safe (the set of seen names is the caller's, one per file).
 */
final class RemoteWriteReader {
    private static final Set<String> UNSUPPORTED = Set.of("protobuf_message", "send_exemplars",
            "send_native_histograms", "round_robin_dns", "metadata_config");
    /** Prometheus' {@code reservedHeaders}: set by the protocol or the HTTP client, never by the user. */
    private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "host", "content-encoding",
            "content-length", "content-type", "user-agent", "connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "www-authenticate", "accept-encoding", "x-prometheus-remote-write-version",
            "x-prometheus-remote-read-version", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256");
    private static final List<String> KEYS;

    static {
        List<String> keys = new ArrayList<>(List.of("url", "name", "remote_timeout", "headers", "write_relabel_configs",
                "queue_config"));
        keys.addAll(HttpClientReader.KEYS);
        KEYS = List.copyOf(keys);
    }

    private final Set<String> names;

    /** @param names the remote_write names read so far in this file; each named read adds one */
    RemoteWriteReader(Set<String> names) {
        this.names = names;
    }

    Receiver read(YamlMapping item) throws ConfigException {
        Unsupported.refuse(item, UNSUPPORTED, "Ferry sends remote write 1.0 samples only");
        Unsupported.refuse(item, HttpClientReader.UNSUPPORTED, "use basic_auth or authorization; proxies by proxy_url");
        item.allowOnly(KEYS.toArray(String[]::new));
        var url = item.string("url", HttpClientReader::httpUrl)
                .orElseThrow(() -> item.missing("url", "is required"));
        String name = item.string("name").orElse("");
        if (!name.isEmpty() && !names.add(name)) {
            throw item.error("name", "\"" + name + "\" is used by an earlier remote_write; names must be unique");
        }
        Duration timeout = item.string("remote_timeout", PromDuration::parse).orElse(Receiver.DEFAULT_REMOTE_TIMEOUT);
        if (timeout.isZero()) {
            throw item.error("remote_timeout", "must be longer than 0");
        }
        Map<String, String> headers = item.stringMap("headers");
        for (String h : headers.keySet()) {
            if (RESERVED_HEADERS.contains(h.toLowerCase(Locale.ROOT))) {
                throw item.error("headers", "\"" + h + "\" is set by Ferry and cannot be overridden");
            }
        }
        return new Receiver(url, name, timeout, headers,
                item.mappings("write_relabel_configs", RelabelConfigReader::read), HttpClientReader.read(item),
                item.section("queue_config", QueueSettings.DEFAULTS, RemoteWriteReader::queue));
    }

    private static QueueSettings queue(YamlMapping m, QueueSettings d) throws ConfigException {
        m.allowOnly("capacity", "max_shards", "min_shards", "max_samples_per_send", "batch_send_deadline",
                "min_backoff", "max_backoff", "retry_on_http_429", "sample_age_limit");
        QueueSettings q = new QueueSettings(positive(m, "capacity", d.capacity()), positive(m, "max_shards", d.maxShards()),
                positive(m, "min_shards", d.minShards()), positive(m, "max_samples_per_send", d.maxSamplesPerSend()),
                m.string("batch_send_deadline", PromDuration::parse).orElse(d.batchSendDeadline()),
                m.string("min_backoff", PromDuration::parse).orElse(d.minBackoff()),
                m.string("max_backoff", PromDuration::parse).orElse(d.maxBackoff()),
                m.bool("retry_on_http_429").orElse(d.retryOnHttp429()),
                m.string("sample_age_limit", PromDuration::parse).orElse(d.sampleAgeLimit()));
        if (q.minShards() > q.maxShards()) {
            throw m.error(m.has("min_shards") ? "min_shards" : "max_shards",
                    "min_shards " + q.minShards() + " is more than max_shards " + q.maxShards());
        }
        if (q.minBackoff().compareTo(q.maxBackoff()) > 0) {
            throw m.error(m.has("min_backoff") ? "min_backoff" : "max_backoff", "min_backoff "
                    + PromDuration.format(q.minBackoff()) + " is longer than max_backoff " + PromDuration.format(q.maxBackoff()));
        }
        if (q.batchSendDeadline().isZero()) {
            throw m.error("batch_send_deadline", "must be longer than 0");
        }
        return q;
    }

    private static int positive(YamlMapping m, String key, int dflt) throws ConfigException {
        long v = m.integer(key).orElse((long) dflt);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw m.error(key, "must be between 1 and " + Integer.MAX_VALUE + ", got " + v);
        }
        return (int) v;
    }
}
