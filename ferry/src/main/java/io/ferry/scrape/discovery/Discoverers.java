package io.ferry.scrape.discovery;

import io.ferry.scrape.ScrapeJob;
import io.ferry.log.Log;
import io.ferry.log.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the discoverers of a scrape job from its config, and the executor they share.
 *
 * <pre>{@code
 * ScheduledExecutorService sd = Discoverers.newExecutor();           // once per process
 * DiscoveryMetrics metrics = DiscoveryMetrics.register(registry);     // once per process
 * for (Discoverer d : Discoverers.forJob(job, configDir, sd, metrics)) {
 *     d.start(groups -> targets.update(job.jobName(), groups));
 * }
 * ...
 * discoverers.forEach(Discoverer::close);   // on reload or shutdown, then
 * sd.shutdownNow();                         // at shutdown
 * }</pre>
 *
 * <p>Sources are unique within one discoverer only: a job with several discoverers must keep their
 * groups apart (by discoverer), as Prometheus keys groups by provider and source.
 */
public final class Discoverers {
    private Discoverers() {
    }

    /**
     * The job's discoverers, not started: one for all {@code static_configs} (if any), then one per
     * {@code file_sd_configs}, {@code http_sd_configs}, {@code dns_sd_configs} and
     * {@code tunnel_sd_configs} item, in that order.
     * Creates the job's {@code ferry_sd_*} series at 0 for the mechanisms it uses.
     *
     * @param configDir the config file's directory: relative file_sd patterns and credential/TLS
     *                  files are resolved against it, as Prometheus does
     */
    public static List<Discoverer> forJob(ScrapeJob job, Path configDir, ScheduledExecutorService executor,
                                          DiscoveryMetrics metrics) {
        return forJob(job, configDir, executor, metrics, JndiDnsResolver.system());
    }

    /**
     * As {@link #forJob(ScrapeJob, Path, ScheduledExecutorService, DiscoveryMetrics)}, with this DNS
     * resolver and no tunnel clients.
     */
    public static List<Discoverer> forJob(ScrapeJob job, Path configDir, ScheduledExecutorService executor,
                                          DiscoveryMetrics metrics, DnsResolver resolver) {
        return forJob(job, configDir, executor, metrics, resolver, TunnelRegistry.NONE);
    }

    /**
     * As {@link #forJob(ScrapeJob, Path, ScheduledExecutorService, DiscoveryMetrics)}, with this DNS
     * resolver and {@code tunnels}, the registry {@code tunnel_sd_configs} reads.
     */
    public static List<Discoverer> forJob(ScrapeJob job, Path configDir, ScheduledExecutorService executor,
                                          DiscoveryMetrics metrics, DnsResolver resolver, TunnelRegistry tunnels) {
        String name = job.jobName();
        Logger log = Log.logger().with("component", "discovery", "scrape_job", name);
        List<Discoverer> out = new ArrayList<>();
        for (Object c : configs(job)) {
            out.add(switch (c) {
                case FileSd f -> new FileDiscoverer(f, configDir, executor, metrics.fileReadErrors.labels(name), log);
                case HttpSd h -> new HttpDiscoverer(h, configDir, executor, metrics.httpFailures.labels(name), log);
                case DnsSd d -> new DnsDiscoverer(d, resolver, executor, metrics.dnsLookups.labels(name),
                        metrics.dnsLookupFailures.labels(name), log);
                case TunnelSd t -> new TunnelDiscoverer(t, tunnels, executor);
                default -> new StaticDiscoverer(job.staticConfigs());
            });
        }
        return out;
    }

    /**
     * What each of the job's discoverers is built from, in {@link #forJob} order: the list of
     * {@code static_configs} (if any), then each file, http, dns and tunnel item. Two jobs whose lists agree
     * at an index have discoverers there that find the same groups.
     */
    public static List<Object> configs(ScrapeJob job) {
        List<Object> out = new ArrayList<>();
        if (!job.staticConfigs().isEmpty()) {
            out.add(job.staticConfigs());
        }
        out.addAll(job.fileSdConfigs());
        out.addAll(job.httpSdConfigs());
        out.addAll(job.dnsSdConfigs());
        out.addAll(job.tunnelSdConfigs());
        return out;
    }

    /** {@link #newExecutor(int)} with 2 threads: a DNS lookup waiting on a slow server does not hold up the rest. */
    public static ScheduledExecutorService newExecutor() {
        return newExecutor(2);
    }

    /**
     * The executor discoverers share: daemon threads named {@code ferry-sd-N}; cancelled periodic
     * refreshes are removed at once, so reloads do not pile them up. The caller shuts it down.
     */
    public static ScheduledExecutorService newExecutor(int threads) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "ferry-sd-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return e;
    }
}
