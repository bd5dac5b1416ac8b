package io.ferry.tunnel.client;

import io.ferry.http.ClientSettingsException;
import io.ferry.http.Http11Client;
import io.ferry.http.HttpClientFactory;
import io.ferry.http.HttpClientSettings;
import io.ferry.http.TlsSettings;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.telemetry.Registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * A running tunnel client: one {@link PollLoop} per fqdn on a virtual thread, their scrapes on
 * virtual threads too (at most {@code maxConcurrentScrapes} at once), until {@link #close}.
 * {@code ferry tunnel-client} runs one; {@code ferry serve} runs one when the config has
 * {@code tunnel_client:}.
 *
 * <pre>{@code
 * try (TunnelClientService client = TunnelClientService.start(options, Path.of(""), registry)) {
 *     ...   // polls, scrapes and pushes until closed
 * }
 * }</pre>
 *
 * <p>Two HTTP clients, both from {@link HttpClientFactory}: one to the proxy with the TLS settings
 * given (CA, client certificate, server name), and one to the targets, which uses that CA and
 * certificate only for https targets and never the proxy's server name. Thread-safe.
 */
public final class TunnelClientService implements AutoCloseable {
    /** How long {@link #close} waits for polls and scrapes to end. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Log.logger();

    private final TunnelClientOptions options;
    private final ProxyEndpoint proxy;
    private final Http11Client targets;
    private final List<PollLoop> loops;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ExecutorService scrapes;
    private final ClientMetrics metrics;

    private TunnelClientService(TunnelClientOptions options, ProxyEndpoint proxy, Http11Client targets, List<PollLoop> loops,
                                ExecutorService scrapes, ClientMetrics metrics) {
        this.options = options;
        this.proxy = proxy;
        this.targets = targets;
        this.loops = loops;
        this.scrapes = scrapes;
        this.metrics = metrics;
    }

    /**
     * Starts polling for every fqdn; returns at once. {@link #create} then {@link #start()}.
     *
     * @throws ClientSettingsException when a TLS file cannot be read or used
     */
    public static TunnelClientService start(TunnelClientOptions options, Path baseDir, Registry registry)
            throws ClientSettingsException {
        return create(options, baseDir, registry).start();
    }

    /**
     * A client ready to {@link #start()}: its HTTP clients built (the TLS files read) and its metrics
     * registered, nothing sent yet; so a start can check its settings before it opens anything else.
     *
     * @param baseDir  where relative token and TLS files are found
     * @param registry where the client's metrics go
     * @throws ClientSettingsException when a TLS file cannot be read or used
     */
    public static TunnelClientService create(TunnelClientOptions options, Path baseDir, Registry registry)
            throws ClientSettingsException {
        ProxyEndpoint proxy = new ProxyEndpoint(options, baseDir);
        TlsSettings tls = options.tls();
        Http11Client targets;
        try {
            targets = new HttpClientFactory(new HttpClientSettings(null, null,
                    new TlsSettings(tls.caFile(), tls.certFile(), tls.keyFile(), null, tls.insecureSkipVerify(),
                            tls.minVersion()), null, true), baseDir).newHttp11Client(Duration.ofSeconds(30));
        } catch (ClientSettingsException e) {
            proxy.close();
            throw e;
        }
        ClientMetrics metrics = new ClientMetrics(registry, options.fqdns());
        ExecutorService scrapes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tunnel-scrape-", 0).factory());
        ScrapeRelay relay = new ScrapeRelay(options.allowList(), new TargetScraper(targets, options.maxResponseBytes()),
                proxy, metrics);
        // A waiting poll holds a slot: one per fqdn on top of the scrapes, or fqdns beyond the scrape
        // limit would never poll.
        Semaphore slots = new Semaphore(options.fqdns().size() + options.maxConcurrentScrapes());
        List<PollLoop> loops = new ArrayList<>();
        for (String fqdn : options.fqdns()) {
            loops.add(new PollLoop(fqdn, proxy, relay, slots, scrapes, metrics, options.retryInitialWait(),
                    options.retryMaxWait(), RandomGenerator.getDefault()));
        }
        return new TunnelClientService(options, proxy, targets, loops, scrapes, metrics);
    }

    /** Starts one poll loop per fqdn, each on its own virtual thread; returns at once. Call it once. */
    public TunnelClientService start() {
        for (int i = 0; i < loops.size(); i++) {
            threads.add(Thread.ofVirtual().name("tunnel-poll-" + options.fqdns().get(i)).start(loops.get(i)));
        }
        LOG.info("tunnel client started", "proxy_url", options.proxyUrl(), "fqdns", String.join(",", options.fqdns()),
                "allowed", options.allowList());
        return this;
    }

    public ClientMetrics metrics() {
        return metrics;
    }

    /**
     * Stops polling and cuts the polls and scrapes in flight, waiting at most {@link #STOP_TIMEOUT}
     * for their threads to end. Idempotent.
     */
    @Override
    public void close() {
        loops.forEach(PollLoop::stop);
        threads.forEach(Thread::interrupt);
        scrapes.shutdownNow();
        proxy.close();
        targets.close();
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            for (Thread t : threads) {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            if (!scrapes.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("tunnel client stopped with scrapes still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("tunnel client stopped");
    }
}
