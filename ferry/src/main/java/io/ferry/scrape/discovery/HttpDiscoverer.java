package io.ferry.scrape.discovery;

import io.ferry.http.ClientSettingsException;
import io.ferry.http.HttpClientFactory;
import io.ferry.http.LimitedBody;
import io.ferry.log.Logger;
import io.ferry.model.PromDuration;
import io.ferry.scrape.discovery.internal.SdSyntaxException;
import io.ferry.scrape.discovery.internal.TargetGroupReader;
import io.ferry.telemetry.BuildInfo;
import io.ferry.telemetry.Counter;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One {@code http_sd_configs} item: GETs {@code url} every {@code refresh_interval} and reads the
 * body as a JSON target group list (as file_sd's). Group sources are {@code <url>:<index>}, and
 * every group's labels hold {@code __meta_url=<url>}; when the list gets shorter, the vanished
 * indices are sent empty.
 *
 * <pre>{@code
 * Discoverer d = new HttpDiscoverer(config, configDir, executor, metrics.httpFailures.labels("node"), log);
 * d.start(groups -> pool.update(groups));
 * }</pre>
 *
 * <p>As Prometheus: headers {@code Accept: application/json}, {@code User-Agent: Ferry/<version>},
 * {@code X-Prometheus-Refresh-Interval-Seconds}; the answer must be 200 with {@code Content-Type}
 * {@code application/json} (optionally {@code ; charset=utf-8}); the whole exchange times out after
 * {@code refresh_interval}. Ferry's addition: a body over {@link TargetGroupReader#MAX_BYTES} is
 * refused as it arrives (Prometheus reads any size). Any failure is logged, counted, and leaves the previous targets.
 * {@code basic_auth} and {@code authorization} (files read at each request), {@code tls_config}
 * ({@code ca_file}, {@code cert_file}/{@code key_file}, {@code server_name},
 * {@code insecure_skip_verify}, {@code min_version}), {@code proxy_url} and {@code follow_redirects}
 * apply, as {@link HttpClientFactory} reads them (a socks5 proxy fails every refresh, saying why).
 *
 * <p>Threads: requests are asynchronous; only the short handling of an answer runs on the shared
 * {@code executor}, so a slow server holds no thread. One request at a time: a refresh that comes
 * while one is still out is skipped. {@code close} aborts the request in flight. Thread-safe.
 */
public final class HttpDiscoverer extends RefreshingDiscoverer {
    public static final String META_URL = "__meta_url";
    /** Prometheus' {@code matchContentType}. */
    private static final Pattern CONTENT_TYPE = Pattern.compile("(?i)application/json(;\\s*charset=(\"utf-8\"|utf-8))?");

    private final String url;
    private final HttpSd config;
    private final HttpClientFactory http;
    private final Counter.Child failures;
    private final Object lock = new Object();
    // Guarded by lock.
    private HttpClient client;
    private CompletableFuture<?> inFlight;
    private String lastError;

    /**
     * @param baseDir  relative {@code password_file}, {@code credentials_file} and TLS files are resolved against it
     * @param failures counts failed refreshes
     */
    public HttpDiscoverer(HttpSd config, Path baseDir, ScheduledExecutorService executor, Counter.Child failures,
                          Logger log) {
        super("http_sd", config.refreshInterval(), executor, log);
        this.config = config;
        this.url = config.url().toString();
        this.http = new HttpClientFactory(config.http(), baseDir);
        this.failures = failures;
    }

    /** Built at the first refresh; when building fails (a TLS file not there yet), the next refresh tries again. */
    private HttpClient client() throws ClientSettingsException {
        if (client == null) {
            client = http.newClient(config.refreshInterval(), executor);
        }
        return client;
    }

    @Override
    void closing() {
        synchronized (lock) {
            if (inFlight != null) {
                inFlight.cancel(true);
            }
            if (client != null) {
                client.shutdownNow();
            }
        }
    }

    /** Sends the request, unless one is still out; the answer is handled on the executor. */
    @Override
    void refresh() {
        synchronized (lock) {
            if (closed() || inFlight != null && !inFlight.isDone()) {
                return;
            }
            HttpRequest request;
            HttpClient c;
            try {
                c = client();
                request = request();
            } catch (ClientSettingsException | IOException e) {
                failed("cannot build the request: " + e.getMessage());
                return;
            }
            CompletableFuture<HttpResponse<LimitedBody>> f = c.sendAsync(request, LimitedBody.handler(
                    TargetGroupReader.MAX_BYTES, 8 << 10,
                    r -> r.statusCode() == 200 && jsonType(r.headers().firstValue("Content-Type").orElse(""))));
            inFlight = f.whenCompleteAsync(this::answered, executor);
            // HttpRequest.timeout bounds the wait for the headers; this bounds the whole exchange.
            executor.schedule(() -> f.cancel(true), config.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private HttpRequest request() throws IOException {
        HttpRequest.Builder r = HttpRequest.newBuilder(config.url())
                .GET()
                .timeout(config.refreshInterval())
                .header("User-Agent", "Ferry/" + BuildInfo.version())
                .header("Accept", "application/json")
                .header("X-Prometheus-Refresh-Interval-Seconds", PromDuration.seconds(config.refreshInterval()));
        String authorization = http.authorization();
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return r.build();
    }

    static boolean jsonType(String contentType) {
        return CONTENT_TYPE.matcher(contentType.strip()).matches();
    }

    private void answered(HttpResponse<LimitedBody> response, Throwable error) {
        synchronized (lock) {
            handle(response, error);
        }
    }

    private void handle(HttpResponse<LimitedBody> response, Throwable error) {
        if (closed()) {
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            failed(cause instanceof CancellationException ? "timed out after " + config.refreshInterval().toMillis() + "ms"
                    : cause instanceof LimitedBody.TooLarge ? cause.getMessage() : cause.toString());
            return;
        }
        if (response.statusCode() != 200) {
            failed("server returned HTTP status " + response.statusCode());
            return;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!jsonType(type)) {
            failed("unsupported content type \"" + type + "\" (want application/json)");
            return;
        }
        List<TargetGroup> groups;
        try {
            groups = TargetGroupReader.read(Arrays.copyOf(response.body().bytes(), response.body().length()), TargetGroupReader.Format.JSON, url, META_URL, url);
        } catch (SdSyntaxException e) {
            failed(e.in(url));
            return;
        }
        if (lastError != null) {
            log.info("http_sd refresh succeeds again", "url", url, "groups", groups.size());
            lastError = null;
        }
        publish(groups);
    }

    private void failed(String error) {
        failures.inc();
        if (!error.equals(lastError)) {
            log.error("http_sd refresh failed; keeping the previous targets", "url", url, "err", error);
        }
        lastError = error;
    }
}
