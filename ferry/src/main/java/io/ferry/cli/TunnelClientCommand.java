package io.ferry.cli;

import io.ferry.config.ListenAddress;
import io.ferry.http.ClientSettingsException;
import io.ferry.http.TlsSettings;
import io.ferry.log.ErrorText;
import io.ferry.log.Level;
import io.ferry.log.Log;
import io.ferry.log.LogFormat;
import io.ferry.log.Logger;
import io.ferry.telemetry.BuildInfo;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.JvmCollector;
import io.ferry.telemetry.ProcessCollector;
import io.ferry.telemetry.Registry;
import io.ferry.tunnel.client.AllowList;
import io.ferry.tunnel.client.ClientLabels;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.client.TunnelClientService;
import io.ferry.tunnel.client.TunnelTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ferry tunnel-client}: polls a PushProx-compatible proxy for each fqdn and serves the
 * scrapes it hands over from the targets allowed, until SIGTERM or SIGINT. Flags follow PushProx's
 * client where it has them.
 */
@Command(name = "tunnel-client",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Connect out to a tunnel proxy (Ferry's or PushProx's) and serve the scrapes it hands over, "
                + "from the targets allowed, so that targets behind NAT or a firewall can be scraped.")
final class TunnelClientCommand implements Callable<Integer> {
    private static final Logger LOG = Log.logger();

    @Spec
    CommandSpec spec;

    @Option(names = "--proxy-url", paramLabel = "URL", required = true,
            description = "The proxy's URL; <URL>poll and <URL>push are what the client calls.")
    URI proxyUrl;

    @Option(names = "--fqdn", paramLabel = "NAME", required = true,
            description = "A name to register and be scraped as (repeat for several); each has its own poll.")
    List<String> fqdns;

    @Option(names = "--target", paramLabel = "[FQDN=]URL",
            description = "A target that may be scraped (repeat for several): a scrape of http://<fqdn>:<port><path> "
                    + "goes to the target with that port (and that path, when the URL has one). With FQDN=, only "
                    + "for that fqdn.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--allow-any-port",
            description = "Allow scrapes of any port on the fqdn itself, as PushProx's client does (needed when no "
                    + "--target is given).")
    boolean allowAnyPort;

    @Option(names = "--label", paramLabel = "NAME=VALUE",
            description = "A label shown with this client in the proxy's /clients and tunnel_sd (repeat for several).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding a bearer token for the proxy; read at each poll, so it can be rotated.")
    Path tokenFile;

    @Option(names = "--tls.cacert", paramLabel = "FILE", description = "CA certificates to verify the proxy (and https targets).")
    Path caCert;

    @Option(names = "--tls.cert", paramLabel = "FILE", description = "Client certificate shown to the proxy (and https targets).")
    Path cert;

    @Option(names = "--tls.key", paramLabel = "FILE", description = "The client certificate's private key.")
    Path key;

    @Option(names = "--tls.server-name", paramLabel = "NAME",
            description = "The name the proxy's certificate is verified against, and sent in SNI (default: the URL's host).")
    String serverName;

    @Option(names = "--metrics-addr", paramLabel = "ADDRESS", defaultValue = ":9369",
            description = "Address to serve the client's own metrics on (default: ${DEFAULT-VALUE}); empty: none.")
    String metricsAddress;

    @Option(names = "--poll-renew", paramLabel = "DURATION", converter = Converters.GoDurationConverter.class,
            defaultValue = "30s",
            description = "Ask the proxy to answer an idle poll after this long (default: ${DEFAULT-VALUE}), below a "
                    + "load balancer's idle timeout; a poll unanswered 30s past it counts as failed. 0: ask for nothing "
                    + "and wait as long as the proxy holds the poll (use 0 with PushProx's proxy, which never renews).")
    Duration pollRenew;

    @Option(names = "--proxy.retry.initial-wait", paramLabel = "DURATION", converter = Converters.GoDurationConverter.class,
            defaultValue = "1s", description = "The first wait after a failed poll (default: ${DEFAULT-VALUE}).")
    Duration retryInitialWait;

    @Option(names = "--proxy.retry.max-wait", paramLabel = "DURATION", converter = Converters.GoDurationConverter.class,
            defaultValue = "5s", description = "The longest wait between failed polls, before jitter (default: ${DEFAULT-VALUE}).")
    Duration retryMaxWait;

    @Option(names = "--max-concurrent-scrapes", paramLabel = "N", defaultValue = "64",
            description = "Scrapes at once beyond one per fqdn (default: ${DEFAULT-VALUE}); beyond, polling waits for one to end.")
    int maxConcurrentScrapes;

    @Option(names = "--max-response-bytes", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "100MiB",
            description = "Largest target body relayed (default: ${DEFAULT-VALUE}); a larger one is a failed scrape.")
    long maxResponseBytes;

    @Option(names = "--log.level", paramLabel = "LEVEL", converter = Converters.LevelConverter.class, defaultValue = "info",
            description = "Only log messages with this severity or above: debug, info, warn, error (default: info).")
    Level logLevel;

    @Option(names = "--log.format", paramLabel = "FORMAT", converter = Converters.LogFormatConverter.class,
            defaultValue = "logfmt", description = "Log format: logfmt or json (default: logfmt).")
    LogFormat logFormat;

    /** The options this command line asks for; a {@link ParameterException} names the flag that is wrong. */
    TunnelClientOptions options() {
        if ((cert == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(), "--tls.cert and --tls.key must be given together");
        }
        try {
            List<TunnelTarget> parsed = new ArrayList<>();
            for (String t : targets) {
                parsed.add(TunnelTarget.parse(t));
            }
            if (parsed.isEmpty() && !allowAnyPort) {
                throw new IllegalArgumentException("no --target given: give the targets this client may scrape, or "
                        + "--allow-any-port to allow any port on the fqdn itself, as PushProx's client does");
            }
            return new TunnelClientOptions(proxyUrl, fqdns, new AllowList(parsed, allowAnyPort), ClientLabels.of(labels),
                    tokenFile, new TlsSettings(caCert, cert, key, serverName, false, null), pollRenew, retryInitialWait,
                    retryMaxWait, maxConcurrentScrapes, maxResponseBytes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Log.configure(logLevel, logFormat);
        TunnelClientOptions options = options();
        Registry registry = new DefaultRegistry();
        registry.register(BuildInfo.collector());
        registry.register(new ProcessCollector());
        registry.register(new JvmCollector());
        ShutdownSignal signal = ShutdownSignal.install();
        MetricsEndpoint metrics = null;
        try (TunnelClientService client = TunnelClientService.start(options, Path.of(""), registry)) {
            if (!metricsAddress.isEmpty()) {
                ListenAddress address = ListenAddress.parse(metricsAddress);
                metrics = MetricsEndpoint.start(address, registry);
                // The port bound, so that port 0 (any free one) says which it got.
                LOG.info("serving metrics", "address", address.withPort(metrics.port()));
            }
            ShutdownSignal.Cause cause = signal.await();
            LOG.info("shutting down", cause.kind(), cause.name());
        } catch (ClientSettingsException | IOException | IllegalArgumentException e) {
            LOG.error("cannot start the tunnel client", "err", ErrorText.of(e));
            return 1;
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
        LOG.info("stopped");
        Log.flush();
        return 0;
    }
}
