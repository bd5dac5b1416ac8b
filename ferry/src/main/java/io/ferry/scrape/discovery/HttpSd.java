package io.ferry.scrape.discovery;

import io.ferry.http.HttpClientSettings;

import java.net.URI;
import java.time.Duration;

/** One item of {@code http_sd_configs:}: a URL serving the target list, fetched every {@code refreshInterval} (60s by default). */
public record HttpSd(URI url, Duration refreshInterval, HttpClientSettings http) {

    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);
}
