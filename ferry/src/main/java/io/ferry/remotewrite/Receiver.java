package io.ferry.remotewrite;

import io.ferry.http.HttpClientSettings;
import io.ferry.relabel.RelabelRule;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One item of {@code remote_write:}: a receiver of Prometheus remote write 1.0.
 *
 * @param name    unique among remote_write items; empty when not set
 * @param headers extra request headers, never the protocol's own ({@code Content-Type}, ...)
 */
public record Receiver(URI url, String name, Duration remoteTimeout, Map<String, String> headers,
                                List<RelabelRule> writeRelabelConfigs, HttpClientSettings http, QueueSettings queue) {

    public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofSeconds(30);
}
