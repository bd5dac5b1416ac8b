package io.ferry.scrape.discovery;

import io.ferry.http.BodyLimit;
import io.ferry.http.ClientRequest;
import io.ferry.http.ClientResponse;
import io.ferry.http.ClientSettingsException;
import io.ferry.http.Http11Client;
import io.ferry.http.HttpClientFactory;
import io.ferry.http.LimitedBody;
import io.ferry.log.Logger;
import io.ferry.model.PromDuration;
import io.ferry.scrape.discovery.internal.SdSyntaxException;
import io.ferry.scrape.discovery.internal.TargetGroupReader;
import io.ferry.telemetry.BuildInfo;
import io.ferry.telemetry.Counter;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
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
 * {@code insecure_skip_verify}, {@code min_version}), {@code proxy_url} (with the credentials in
 * its URL) and {@code follow_redirects} apply, through the client scrapes use ({@link Http11Client}
 * from {@link HttpClientFactory}; a socks5 proxy fails every refresh, saying why).
 *
 * <p>Threads: each request runs on a virtual thread of its own, so a slow server holds no platform
 * thread; its answer is handled there, under this discoverer's lock. One request at a time: a
 * refresh that comes while one is still out is skipped. {@code close} interrupts the request in
 * flight. Thread-safe.
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
    private Http11Client client;
    private Thread inFlight;
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
    private Http11Client client() throws ClientSettingsException {
        if (client == null) {
            client = http.newHttp11Client(config.refreshInterval());
        }
        return client;
    }

    @Override
    void closing() {
        synchronized (lock) {
            if (inFlight != null) {
                inFlight.interrupt();
            }
            if (client != null) {
                client.close();
            }
        }
    }

    /** Sends the request on a virtual thread, unless one is still out. */
    @Override
    void refresh() {
        synchronized (lock) {
            if (closed() || inFlight != null && inFlight.isAlive()) {
                return;
            }
            ClientRequest request;
            Http11Client c;
            try {
                c = client();
                request = request();
            } catch (ClientSettingsException | IOException e) {
                failed("cannot build the request: " + e.getMessage());
                return;
            }
            long deadline = System.nanoTime() + config.refreshInterval().toNanos();
            inFlight = Thread.ofVirtual().name("http_sd").start(() -> exchange(c, request, deadline));
        }
    }

    private ClientRequest request() throws IOException {
        ClientRequest r = ClientRequest.get(config.url())
                .withHeader("User-Agent", "Ferry/" + BuildInfo.version())
                .withHeader("Accept", "application/json")
                .withHeader("X-Prometheus-Refresh-Interval-Seconds", PromDuration.seconds(config.refreshInterval()));
        String authorization = http.authorization();
        return authorization == null ? r : r.withHeader("Authorization", authorization);
    }

    static boolean jsonType(String contentType) {
        return CONTENT_TYPE.matcher(contentType.strip()).matches();
    }

    private void exchange(Http11Client c, ClientRequest request, long deadline) {
        ClientResponse response = null;
        String error = null;
        try {
            response = c.send(request, deadline,
                    status -> status == 200 ? BodyLimit.failAbove(TargetGroupReader.MAX_BYTES, 8 << 10) : BodyLimit.NONE);
        } catch (SocketTimeoutException e) {
            error = "timed out after " + config.refreshInterval().toMillis() + "ms";
        } catch (LimitedBody.TooLarge e) {
            error = e.getMessage();
        } catch (InterruptedException e) {
            return; // closed
        } catch (IOException | RuntimeException e) {
            error = e.toString();
        }
        synchronized (lock) {
            if (!closed()) {
                handle(response, error);
            }
        }
    }

    private void handle(ClientResponse response, String error) {
        if (error != null) {
            failed(error);
            return;
        }
        if (response.status() != 200) {
            failed("server returned HTTP status " + response.status());
            return;
        }
        String type = response.header("Content-Type");
        if (type == null || !jsonType(type)) {
            failed("unsupported content type \"" + (type == null ? "" : type) + "\" (want application/json)");
            return;
        }
        List<TargetGroup> groups;
        try {
            groups = TargetGroupReader.read(Arrays.copyOf(response.body(), response.length()), TargetGroupReader.Format.JSON, url, META_URL, url);
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
