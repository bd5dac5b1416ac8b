package io.ferry.scrape.discovery;

import java.time.Duration;
import java.util.List;

/**
 * One item of {@code file_sd_configs:}: JSON or YAML target files, where the last path segment may
 * hold one {@code *}, re-read every {@code refreshInterval} (5m by default) and when they change.
 */
public record FileSd(List<String> files, Duration refreshInterval) {

    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
}
