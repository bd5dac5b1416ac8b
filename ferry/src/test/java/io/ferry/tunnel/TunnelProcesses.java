package io.ferry.tunnel;

import io.ferry.cli.FerryJar;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.TestHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tunnel's two sides as the processes users run, for the end-to-end tests: the proxy is
 * {@code ferry serve} (the tunnel is on its HTTP port), the client {@code ferry tunnel-client};
 * plus a scrape through the proxy as Prometheus sends it, and a bounded wait for what takes a
 * moment over the network. Every wait is {@link #WAIT} at most, generous for a loaded machine.
 *
 * <pre>{@code
 * try (ChildProcess proxy = TunnelProcesses.startProxy(dir, "127.0.0.1:0")) {
 *     String address = TunnelProcesses.awaitListening(proxy);
 *     try (ChildProcess client = TunnelProcesses.startClient(dir, List.of(), "http://" + address + "/",
 *             "site-gw", "http://127.0.0.1:9100/metrics")) {
 *         TunnelProcesses.awaitScrape(address, "http://site-gw:9100/metrics");
 *     }
 * }
 * }</pre>
 */
final class TunnelProcesses {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The scrape timeout a scrape through the proxy asks for, as Prometheus' header. */
    static final int SCRAPE_TIMEOUT_SECONDS = 5;
    /** Distinct storage directories for the proxies of one run. */
    private static final AtomicInteger STORAGE = new AtomicInteger();

    private TunnelProcesses() {
    }

    /** {@code ferry serve} on {@code listenAddress} with its storage under {@code dir}, plus {@code flags}. */
    static ChildProcess startProxy(Path dir, String listenAddress, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--web.listen-address=" + listenAddress,
                "--storage.path=" + Files.createDirectories(dir.resolve("proxy-" + STORAGE.getAndIncrement()))));
        args.addAll(List.of(flags));
        return FerryJar.start(dir, args.toArray(String[]::new));
    }

    /** The proxy's {@code host:port}, once it listens. */
    static String awaitListening(ChildProcess proxy) throws InterruptedException {
        return FerryJar.awaitListening(proxy, WAIT);
    }

    /**
     * {@code ferry tunnel-client} polling {@code proxyUrl} for {@code fqdn}, allowed to scrape
     * {@code target}, run by {@code launcher} (such as {@code ip netns exec NAME}; none when empty),
     * plus {@code flags}.
     */
    static ChildProcess startClient(Path dir, List<String> launcher, String proxyUrl, String fqdn, String target,
                                    String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("tunnel-client", "--proxy-url", proxyUrl, "--fqdn", fqdn,
                "--target", target));
        args.addAll(List.of(flags));
        return FerryJar.command(dir, launcher, args.toArray(String[]::new)).start();
    }

    /**
     * {@code GET url} sent to the proxy at {@code proxy} ({@code host:port}) in absolute form with
     * Prometheus' scrape timeout header, as Prometheus scrapes with {@code proxy_url}.
     */
    static HttpResponse<String> scrape(String proxy, String url) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        try (TestHttp http = TestHttp.viaProxy(proxy, uri.getScheme() + "://" + uri.getRawAuthority())) {
            return http.get(uri.getRawPath(), "X-Prometheus-Scrape-Timeout-Seconds",
                    Integer.toString(SCRAPE_TIMEOUT_SECONDS));
        }
    }

    /** {@link #scrape}, repeated until it answers 200 (the client may still be connecting). */
    static HttpResponse<String> awaitScrape(String proxy, String url) throws Exception {
        return await("a scrape of " + url + " through " + proxy + " answering 200", () -> scrape(proxy, url),
                r -> r.statusCode() == 200);
    }

    /**
     * {@code attempt} repeated (every 200 ms, at most {@link #WAIT}) until {@code done} holds for its
     * result, which is returned; an exception of an attempt counts as not done. Fails the test with
     * the last result or exception after that.
     */
    static <T> T await(String what, Callable<T> attempt, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Object last = null;
        while (true) {
            try {
                T result = attempt.call();
                if (done.test(result)) {
                    return result;
                }
                last = result instanceof HttpResponse<?> r ? r.statusCode() + " " + r.body() : result;
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what + "; last: " + last);
            }
            Thread.sleep(200);
        }
    }

    /** The value of the sample {@code series} (name and labels as written) in an exposition, or NaN. */
    static double sample(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * Closes each of {@code resources} in order (nulls skipped), every one even when an earlier one
     * fails: a process that fails to stop must not leave the others running. The first failure is
     * thrown at the end, with the later ones suppressed in it.
     */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable r : resources) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
