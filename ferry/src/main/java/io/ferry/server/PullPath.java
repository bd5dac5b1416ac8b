package io.ferry.server;

import io.ferry.config.HttpClientConfig;
import io.ferry.config.PrometheusConfig;
import io.ferry.config.ScrapeConfig;
import io.ferry.config.StaticConfig;
import io.ferry.model.MetricFamily;
import io.ferry.model.SampleAppender;
import io.ferry.scrape.HttpSources;
import io.ferry.scrape.ScrapeManager;
import io.ferry.scrape.ScrapeSource;
import io.ferry.scrape.ScrapeTarget;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pull path: the scrape jobs of {@code scrape_configs}, and, when {@code remote_write} is
 * configured, a scrape of Ferry's own {@code /metrics} (pushed groups, liveness, own metrics)
 * done in-process on the global interval with {@code honor_labels}, so pushed data reaches the
 * receivers through the same queue as scraped data.
 *
 * <p>Thread-safe: {@link #apply} (start and reload) and {@link #close} are serialised.
 */
final class PullPath implements AutoCloseable {
    /** The job name of the in-process scrape; {@code _self} is appended while scrape_configs uses the name. */
    static final String SELF_JOB = "ferry";

    private final ScrapeManager scrapes;
    private final String selfAddress;
    private volatile String selfJob = SELF_JOB;

    /**
     * @param storage     where samples go (the remote-write queues)
     * @param served      what {@code GET /metrics} serves: the self-scrape's source
     * @param selfAddress Ferry's listen address, the self-scrape's {@code instance}
     */
    PullPath(SampleAppender.Storage storage, ScrapeManager.Discovery discovery, Supplier<List<MetricFamily>> served,
             String selfAddress, String userAgent, long offsetSeed) {
        this.selfAddress = selfAddress;
        HttpSources http = new HttpSources(userAgent);
        ScrapeSource self = deadline -> served.get();
        ScrapeManager.Sources sources = job -> job.jobName().equals(selfJob)
                ? (Function<ScrapeTarget, ScrapeSource>) t -> self
                : http.forJob(job);
        this.scrapes = new ScrapeManager(storage, discovery, sources, offsetSeed);
    }

    /** Makes the running jobs those of {@code config}, the self-scrape included when remote_write is set. */
    synchronized void apply(PrometheusConfig config) {
        List<ScrapeConfig> jobs = new ArrayList<>(config.scrapeConfigs());
        if (!config.remoteWrite().isEmpty()) {
            String name = SELF_JOB;
            while (isTaken(jobs, name)) {
                name += "_self";
            }
            selfJob = name;
            jobs.add(selfJob(config, name));
        }
        scrapes.apply(jobs);
    }

    private static boolean isTaken(List<ScrapeConfig> jobs, String name) {
        return jobs.stream().anyMatch(j -> j.jobName().equals(name));
    }

    List<ScrapeManager.Pool> pools() {
        return scrapes.pools();
    }

    private ScrapeConfig selfJob(PrometheusConfig config, String name) {
        var g = config.global();
        return new ScrapeConfig(name, g.scrapeInterval(), g.scrapeTimeout(), "/metrics", "http", Map.of(), true, true,
                g.limits(), HttpClientConfig.DEFAULTS, List.of(new StaticConfig(List.of(selfAddress), Map.of())),
                List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** A seed for target offsets from the host and external labels, as Prometheus derives its own. */
    static long offsetSeed(Map<String, String> externalLabels) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "";
        }
        return (host + externalLabels).hashCode() * 0x9E3779B97F4A7C15L;
    }

    @Override
    public synchronized void close() {
        scrapes.close();
    }
}
