package io.ferry.scrape;

import io.ferry.http.UrlHost;
import io.ferry.model.PromDuration;
import io.ferry.model.Labels;
import io.ferry.model.MetricNames;
import io.ferry.scrape.discovery.TargetGroup;
import io.ferry.relabel.RelabelScratch;
import io.ferry.relabel.Relabeler;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns discovered targets into {@link ScrapeTarget}s as Prometheus' {@code PopulateLabels} does:
 * group labels under the target's own, the job's defaults as {@code job}, {@code __scheme__},
 * {@code __metrics_path__}, {@code __scrape_interval__}, {@code __scrape_timeout__} and
 * {@code __param_<name>}, then {@code relabel_configs}; then {@code __address__} is required,
 * {@code __meta_*} go, {@code instance} defaults to the address, and the URL is read from the
 * {@code __} labels. As in Prometheus 3, no default port is added to an address.
 *
 * <p>Not thread-safe (it keeps relabeling scratch space); one per scrape pool.
 */
public final class TargetBuilder {
    private final ScrapeJob job;
    private final Relabeler relabeler;
    private final RelabelScratch scratch;

    public TargetBuilder(ScrapeJob job) {
        this.job = job;
        this.relabeler = Relabeler.of(job.relabelConfigs());
        this.scratch = relabeler.newScratch();
    }

    /** What became of one discovered target. */
    public sealed interface Outcome permits Active, Dropped, Invalid {
        Labels discoveredLabels();
    }

    public record Active(ScrapeTarget target) implements Outcome {
        @Override
        public Labels discoveredLabels() {
            return target.discoveredLabels();
        }
    }

    /** Relabeling dropped it. */
    public record Dropped(Labels discoveredLabels) implements Outcome {
    }

    /** It cannot be scraped; {@code reason} says why, as Prometheus' error would. */
    public record Invalid(Labels discoveredLabels, String reason) implements Outcome {
    }

    public Outcome build(TargetGroup group, Labels target) {
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < target.size(); i++) {
            b.add(target.name(i), target.value(i));
        }
        Labels g = group.labels();
        for (int i = 0; i < g.size(); i++) {
            b.tryAdd(g.name(i), g.value(i));
        }
        b.tryAdd("job", job.jobName());
        b.tryAdd("__scrape_interval__", PromDuration.format(job.scrapeInterval()));
        b.tryAdd("__scrape_timeout__", PromDuration.format(job.scrapeTimeout()));
        b.tryAdd("__metrics_path__", job.metricsPath());
        b.tryAdd("__scheme__", job.scheme());
        for (Map.Entry<String, List<String>> p : job.params().entrySet()) {
            if (!p.getValue().isEmpty()) {
                b.tryAdd("__param_" + p.getKey(), p.getValue().getFirst());
            }
        }
        Labels discovered = b.build();
        Labels l = relabeler.apply(discovered, scratch);
        if (l == null) {
            return new Dropped(discovered);
        }
        String address = l.get("__address__");
        if (address == null || address.isEmpty()) {
            return new Invalid(discovered, "no address");
        }
        if (address.contains("/") || address.contains("?") || address.contains("#") || address.contains("@")) {
            return new Invalid(discovered, "invalid host \"" + address + "\"");
        }
        Duration interval;
        Duration timeout;
        try {
            interval = PromDuration.parse(orDefault(l.get("__scrape_interval__"), job.scrapeInterval()));
            timeout = PromDuration.parse(orDefault(l.get("__scrape_timeout__"), job.scrapeTimeout()));
        } catch (IllegalArgumentException e) {
            return new Invalid(discovered, "invalid scrape interval or timeout: " + e.getMessage());
        }
        if (interval.isZero() || timeout.isZero()) {
            return new Invalid(discovered, "scrape interval and timeout must not be zero");
        }
        if (timeout.compareTo(interval) > 0) {
            return new Invalid(discovered, "scrape timeout " + l.get("__scrape_timeout__")
                    + " greater than scrape interval " + l.get("__scrape_interval__"));
        }
        Labels.Builder pub = Labels.builder();
        for (int i = 0; i < l.size(); i++) {
            String name = l.name(i);
            if (name.startsWith("__")) {
                continue;
            }
            if (!MetricNames.isValidLabelName(name)) {
                return new Invalid(discovered, "invalid label name \"" + name + "\"");
            }
            if (!l.value(i).isEmpty()) {
                pub.add(name, l.value(i));
            }
        }
        pub.tryAdd("instance", address);
        Labels labels = pub.build();
        String scheme = l.get("__scheme__") == null ? job.scheme() : l.get("__scheme__");
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return new Invalid(discovered, "unsupported scheme \"" + scheme + "\" (http or https)");
        }
        URI url;
        try {
            String path = l.get("__metrics_path__") == null ? job.metricsPath() : l.get("__metrics_path__");
            url = URI.create(scheme + "://" + address + escapedPath(path) + query(l));
        } catch (IllegalArgumentException e) {
            return new Invalid(discovered, "invalid URL: " + e.getMessage());
        }
        if (UrlHost.of(url).isEmpty()) {
            return new Invalid(discovered, "invalid host \"" + address + "\"");
        }
        long key = hash(labels.toString() + " " + url);
        return new Active(new ScrapeTarget(job.jobName(), labels, discovered, url, interval, timeout, key));
    }

    /**
     * The path as Go's {@code url.URL} writes it, which Prometheus builds the scrape URL with: a byte
     * other than a letter, a digit or one of {@code -._~$&+,/:;=@} is percent-escaped (so a {@code ?}
     * in {@code __metrics_path__} stays in the path, and a space is {@code %20}), and a path that does
     * not start with {@code /} is given one ({@code metrics_path: metrics} scrapes {@code /metrics}).
     */
    static String escapedPath(String path) {
        if (!path.isEmpty() && path.charAt(0) != '/') {
            return escapedPath("/" + path);
        }
        StringBuilder out = null;
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xFF;
            boolean keep = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~$&+,/:;=@".indexOf(c) >= 0;
            if (!keep && out == null) {
                out = new StringBuilder(path.length() + 16).append(new String(bytes, 0, i, StandardCharsets.UTF_8));
            }
            if (out != null) {
                if (keep) {
                    out.append((char) c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
                }
            }
        }
        return out == null ? path : out.toString();
    }

    private static String orDefault(String value, Duration fallback) {
        return value == null ? PromDuration.format(fallback) : value;
    }

    /** The job's params, each first value replaced by {@code __param_<name>} when that is set. */
    private String query(Labels l) {
        Map<String, List<String>> params = new TreeMap<>(job.params());
        for (int i = 0; i < l.size(); i++) {
            if (l.name(i).startsWith("__param_")) {
                String name = l.name(i).substring("__param_".length());
                List<String> values = new java.util.ArrayList<>(params.getOrDefault(name, List.of()));
                if (values.isEmpty()) {
                    values.add(l.value(i));
                } else {
                    values.set(0, l.value(i));
                }
                params.put(name, values);
            }
        }
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        params.forEach((name, values) -> values.forEach(v -> {
            if (q.length() > 1) {
                q.append('&');
            }
            q.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }));
        return q.toString();
    }

    /** FNV-1a over UTF-16 units, then a final mix: stable across runs, which offsets need. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
