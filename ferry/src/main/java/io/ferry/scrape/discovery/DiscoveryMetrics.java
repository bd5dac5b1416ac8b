package io.ferry.scrape.discovery;

import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

/**
 * The {@code ferry_sd_*} counters of all discoverers, labelled by {@code scrape_job}. Register once
 * per process (a second set would be hidden by the first, which has the same names):
 *
 * <pre>{@code
 * DiscoveryMetrics m = DiscoveryMetrics.register(registry);
 * List<Discoverer> ds = Discoverers.forJob(job, configDir, executor, m);
 * }</pre>
 *
 * <p>A job's series exist from {@link Discoverers#forJob} on, at 0, for the mechanisms it uses, so
 * {@code increase()} works from the first failure. Thread-safe.
 */
public final class DiscoveryMetrics {
    final Counter fileReadErrors;
    final Counter httpFailures;
    final Counter dnsLookups;
    final Counter dnsLookupFailures;

    private DiscoveryMetrics(Registry r) {
        fileReadErrors = r.counter("ferry_sd_file_read_errors_total",
                "file_sd files that could not be read or parsed (each failed read; the file's previous targets are kept).",
                "scrape_job");
        httpFailures = r.counter("ferry_sd_http_failures_total",
                "http_sd refreshes that failed (connection, status, content type or body; previous targets are kept).",
                "scrape_job");
        dnsLookups = r.counter("ferry_sd_dns_lookups_total", "dns_sd lookups, one per name and refresh.", "scrape_job");
        dnsLookupFailures = r.counter("ferry_sd_dns_lookup_failures_total",
                "dns_sd lookups that failed (previous targets of the name are kept; a name that does not exist is not a failure).",
                "scrape_job");
    }

    /** Creates the counters in {@code registry}. */
    public static DiscoveryMetrics register(Registry registry) {
        return new DiscoveryMetrics(registry);
    }
}
