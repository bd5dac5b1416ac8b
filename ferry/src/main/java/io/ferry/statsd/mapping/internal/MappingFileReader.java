package io.ferry.statsd.mapping.internal;

import io.ferry.model.GoDuration;
import io.ferry.model.GoRegex;
import io.ferry.model.Labels;
import io.ferry.model.RegexSyntaxException;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.mapping.Action;
import io.ferry.statsd.mapping.Mapping;
import io.ferry.statsd.mapping.MappingException;
import io.ferry.statsd.mapping.ObserverType;
import io.ferry.statsd.series.HistogramOptions;
import io.ferry.statsd.series.Quantile;
import io.ferry.statsd.series.SummaryOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads statsd_exporter's mapping YAML into checked {@link Rule}s and the defaults, with
 * statsd_exporter's checks ({@code pkg/mapper/mapper.go}) and its inheritance of defaults, field by
 * field. The keys statsd_exporter removed ({@code timer_type}, and {@code buckets} and
 * {@code quantiles} outside the option blocks) are unknown keys here too, with a hint.
 *
 * <pre>{@code
 * MappingFileReader.Result r = MappingFileReader.read(yaml, "mapping.yml");
 * r.rules();      // in file order
 * r.defaults();   // what an unmapped name gets
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class MappingFileReader {
    private static final double DEFAULT_NATIVE_FACTOR = 1.1;
    private static final int DEFAULT_NATIVE_MAX_BUCKETS = 256;

    private static final String TEMPLATE = "\\$\\{?\\d+\\}?";
    private static final Pattern METRIC_NAME = Pattern.compile("^([a-zA-Z_]|" + TEMPLATE + ")([a-zA-Z0-9_]|" + TEMPLATE + ")*$");
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]+$");
    private static final Pattern GLOB = Pattern.compile("^(\\*|[a-zA-Z_][a-zA-Z0-9_-]*)(\\.\\*|\\.[a-zA-Z0-9_][a-zA-Z0-9_-]*)*$");

    private static final Map<String, String> REMOVED = Map.of(
            "timer_type", "observer_type",
            "buckets", "histogram_options.buckets",
            "quantiles", "summary_options.quantiles");
    private static final List<String> DEFAULTS_KEYS = List.of("observer_type", "match_type", "glob_disable_ordering",
            "ttl", "summary_options", "histogram_options");
    private static final List<String> MAPPING_KEYS = List.of("match", "match_type", "match_metric_type", "name",
            "labels", "honor_labels", "help", "action", "observer_type", "summary_options", "histogram_options", "ttl",
            "scale");

    /** What a file says: the defaults (as the result of an unmapped name), the glob ordering, the rules in order. */
    public record Result(Mapping defaults, boolean globOrderingDisabled, List<Rule> rules) {
    }

    /** The defaults of statsd_exporter with no mapping file: summaries, no native histograms, no ttl. */
    public static final Mapping NO_FILE = unmapped(ObserverType.SUMMARY, HistogramOptions.DEFAULT, SummaryOptions.DEFAULT, 0);

    private MappingFileReader() {
    }

    public static Result read(String yaml, String file) throws MappingException {
        org.snakeyaml.engine.v2.nodes.Node node = YamlFields.compose(yaml, file);
        if (node == null) {
            return new Result(fileDefaults(null, Optional.empty(), Optional.empty(), 0), false, List.of());
        }
        YamlFields root = YamlFields.root(node, file);
        root.allowOnly(List.of("defaults", "mappings"), Map.of());
        Optional<YamlFields> d = root.mapping("defaults");
        if (d.isPresent()) {
            d.get().allowOnly(DEFAULTS_KEYS, REMOVED);
        }
        ObserverType observer = d.isPresent() ? observerType(d.get()) : null;
        boolean regexByDefault = d.isPresent() && isRegex(d.get());
        boolean unordered = d.isPresent() && d.get().bool("glob_disable_ordering").orElse(false);
        long ttl = d.isPresent() ? ttlMillis(d.get()) : 0;
        Optional<YamlFields> summaryBlock = d.isPresent() ? d.get().mapping("summary_options") : Optional.empty();
        Optional<YamlFields> histogramBlock = d.isPresent() ? d.get().mapping("histogram_options") : Optional.empty();
        Mapping defaults = fileDefaults(observer, summaryBlock, histogramBlock, ttl);

        List<Rule> rules = new ArrayList<>();
        for (YamlFields m : root.mappings("mappings")) {
            rules.add(rule(rules.size(), m, observer, regexByDefault, defaults));
        }
        return new Result(defaults, unordered, List.copyOf(rules));
    }

    /** The defaults after a file is read: statsd_exporter then fills DefBuckets, factor 1.1 and 256 buckets. */
    private static Mapping fileDefaults(ObserverType observer, Optional<YamlFields> summary, Optional<YamlFields> histogram,
            long ttl) throws MappingException {
        SummaryOptions s = summaryOptions(summary, SummaryOptions.DEFAULT);
        HistogramOptions h = histogramOptions(histogram,
                new HistogramOptions(HistogramOptions.defaultBuckets(), DEFAULT_NATIVE_FACTOR, DEFAULT_NATIVE_MAX_BUCKETS));
        return unmapped(observer == null ? ObserverType.SUMMARY : observer, h, s, ttl);
    }

    private static Mapping unmapped(ObserverType observer, HistogramOptions h, SummaryOptions s, long ttl) {
        return new Mapping(false, "", Labels.EMPTY, false, Action.MAP, observer, h, s, ttl, Double.NaN, null);
    }

    private static Rule rule(int order, YamlFields m, ObserverType defaultObserver, boolean regexByDefault, Mapping defaults)
            throws MappingException {
        m.allowOnly(MAPPING_KEYS, REMOVED);
        Map<String, String> labels = m.stringMap("labels");
        for (String key : labels.keySet()) {
            if (!LABEL_NAME.matcher(key).matches()) {
                throw m.error("labels", "invalid label key \"" + key
                        + "\" (statsd_exporter requires [a-zA-Z_][a-zA-Z0-9_]+, so at least two characters)");
            }
        }
        String name = m.string("name").orElse("");
        if (name.isEmpty()) {
            throw m.error("the mapping sets no metric name (name:)");
        }
        if (!METRIC_NAME.matcher(name).matches()) {
            throw m.error("name", "metric name \"" + name + "\" is not letters, digits and _ (not starting with a digit)"
                    + " with $n or ${n} references");
        }
        boolean regex = m.has("match_type") ? isRegex(m) : regexByDefault;
        String match = m.string("match").orElse("");
        MetricKind kind = metricKind(m);
        Action action = action(m);

        ObserverType explicit = observerType(m);
        ObserverType observer = explicit != null ? explicit : defaultObserver;
        if (observer == ObserverType.HISTOGRAM && m.has("summary_options")) {
            throw m.error("summary_options", "cannot be used with observer_type histogram");
        }
        if (observer == ObserverType.SUMMARY && m.has("histogram_options")) {
            throw m.error("histogram_options", "cannot be used with observer_type summary");
        }
        long ttl = ttlMillis(m);
        double scale = m.number("scale").orElse(Double.NaN);
        if (m.has("scale") && !Double.isFinite(scale)) {
            throw m.error("scale", "must be a finite number");
        }
        Mapping settings = new Mapping(true, "", Labels.EMPTY, m.bool("honor_labels").orElse(false), action,
                observer == null ? ObserverType.SUMMARY : observer,
                histogramOptions(m.mapping("histogram_options"), defaults.histogram()),
                summaryOptions(m.mapping("summary_options"), defaults.summary()),
                ttl == 0 ? defaults.ttlMillis() : ttl, scale, m.string("help").orElse(null));
        if (!regex) {
            if (!GLOB.matcher(match).matches()) {
                throw m.error("match", "invalid glob \"" + match + "\": dot-separated segments of letters, digits, _"
                        + " and -, the first not starting with a digit or -, or * for a whole segment");
            }
            return Rule.glob(order, match, kind, name, labels, settings);
        }
        GoRegex re;
        try {
            re = GoRegex.compile(match);
        } catch (RegexSyntaxException e) {
            throw m.error("match", e.getMessage());
        }
        return Rule.regex(order, re, kind, name, labels, settings);
    }

    private static boolean isRegex(YamlFields m) throws MappingException {
        String t = m.string("match_type").orElse("");
        return switch (t) {
            case "", "glob" -> false;
            case "regex" -> true;
            default -> throw m.error("match_type", "invalid match type \"" + t + "\" (glob or regex)");
        };
    }

    /** The explicit observer type, or null. */
    private static ObserverType observerType(YamlFields m) throws MappingException {
        String t = m.string("observer_type").orElse("");
        return switch (t) {
            case "" -> null;
            case "summary" -> ObserverType.SUMMARY;
            case "histogram" -> ObserverType.HISTOGRAM;
            default -> throw m.error("observer_type", "invalid observer type \"" + t + "\" (summary or histogram)");
        };
    }

    private static MetricKind metricKind(YamlFields m) throws MappingException {
        Optional<String> t = m.string("match_metric_type");
        if (t.isEmpty()) {
            return null;
        }
        return switch (t.get()) {
            case "counter" -> MetricKind.COUNTER;
            case "gauge" -> MetricKind.GAUGE;
            case "observer" -> MetricKind.OBSERVER;
            default -> throw m.error("match_metric_type", "invalid metric type \"" + t.get() + "\" (counter, gauge or observer)");
        };
    }

    private static Action action(YamlFields m) throws MappingException {
        String t = m.string("action").orElse("");
        return switch (t) {
            case "", "map" -> Action.MAP;
            case "drop" -> Action.DROP;
            default -> throw m.error("action", "invalid action \"" + t + "\" (map or drop)");
        };
    }

    private static long ttlMillis(YamlFields m) throws MappingException {
        Duration d = duration(m, "ttl");
        return d == null ? 0 : d.toMillis();
    }

    private static Duration duration(YamlFields m, String key) throws MappingException {
        Optional<String> s = m.string(key);
        if (s.isEmpty()) {
            return null;
        }
        Duration d;
        try {
            d = GoDuration.parse(s.get());
        } catch (IllegalArgumentException e) {
            throw m.error(key, e.getMessage());
        }
        if (d.isNegative()) {
            throw m.error(key, "must not be negative");
        }
        return d;
    }

    /** A {@code summary_options} block, each field absent or 0 taken from {@code inherit}. */
    private static SummaryOptions summaryOptions(Optional<YamlFields> block, SummaryOptions inherit) throws MappingException {
        if (block.isEmpty()) {
            return inherit;
        }
        YamlFields b = block.get();
        b.allowOnly(List.of("quantiles", "max_age", "age_buckets", "buf_cap"), Map.of());
        List<Quantile> quantiles = new ArrayList<>();
        for (YamlFields q : b.mappings("quantiles")) {
            q.allowOnly(List.of("quantile", "error"), Map.of());
            try {
                quantiles.add(new Quantile(q.number("quantile").orElse(0.0), q.number("error").orElse(0.0)));
            } catch (IllegalArgumentException e) {
                throw q.error(e.getMessage());
            }
        }
        Duration maxAge = duration(b, "max_age");
        int ageBuckets = b.count("age_buckets").orElse(0);
        int bufCap = b.count("buf_cap").orElse(0);
        try {
            return new SummaryOptions(quantiles.isEmpty() ? inherit.objectives() : quantiles,
                    maxAge == null || maxAge.isZero() ? inherit.maxAge() : maxAge,
                    ageBuckets == 0 ? inherit.ageBuckets() : ageBuckets,
                    bufCap == 0 ? inherit.bufCap() : bufCap);
        } catch (IllegalArgumentException e) {
            throw b.error("quantiles", e.getMessage());
        }
    }

    /** A {@code histogram_options} block: no buckets, a factor or a bucket count of 0 or less take {@code inherit}'s. */
    private static HistogramOptions histogramOptions(Optional<YamlFields> block, HistogramOptions inherit) throws MappingException {
        if (block.isEmpty()) {
            return inherit;
        }
        YamlFields b = block.get();
        b.allowOnly(List.of("buckets", "native_histogram_bucket_factor", "native_histogram_max_buckets"), Map.of());
        double[] buckets = b.numbers("buckets").stream().mapToDouble(Double::doubleValue).toArray();
        double factor = b.number("native_histogram_bucket_factor").orElse(0.0);
        if (Double.isNaN(factor)) {
            throw b.error("native_histogram_bucket_factor", "must be a number");
        }
        int max = b.count("native_histogram_max_buckets").orElse(0);
        try {
            // client_golang panics on buckets out of order; HistogramOptions refuses them.
            return new HistogramOptions(buckets.length == 0 ? inherit.buckets() : buckets,
                    factor <= 0 ? inherit.nativeBucketFactor() : factor,
                    max <= 0 ? inherit.nativeMaxBuckets() : max);
        } catch (IllegalArgumentException e) {
            throw b.error("buckets", e.getMessage());
        }
    }
}
