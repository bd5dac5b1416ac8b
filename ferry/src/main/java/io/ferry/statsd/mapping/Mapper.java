package io.ferry.statsd.mapping;

import io.ferry.model.GoMatcher;
import io.ferry.model.Labels;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.mapping.internal.GlobTree;
import io.ferry.statsd.mapping.internal.ResultCache;
import io.ferry.statsd.mapping.internal.Rule;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link MappingConfig} to StatsD names, as statsd_exporter's {@code GetMapping} does.
 *
 * <pre>{@code
 * Mapper mapper = new Mapper(MappingConfig.parse("""
 *         mappings:
 *         - match: test.dispatcher.*.*.*
 *           name: dispatcher_events_total
 *           labels: {processor: $1, action: $2, outcome: $3}
 *         """, "mapping.yml"), 10_000);
 * Mapping m = mapper.map("test.dispatcher.FooProcessor.send.success", MetricKind.COUNTER);
 * m.name();   // "dispatcher_events_total", labels {action="send", outcome="success", processor="FooProcessor"}
 * }</pre>
 *
 * <ul>
 *   <li>Glob rules are tried first, whatever their place among the regex rules; a {@code *}
 *       matches one whole segment. The first glob rule in the file wins, or with
 *       {@code glob_disable_ordering: true} a literal segment beats {@code *} at each level
 *       ({@link GlobTree}).</li>
 *   <li>Then the regex rules in file order, unanchored (Go's {@code FindStringSubmatchIndex}: the
 *       documented catch-all is {@code match: .}); a rule whose {@code match_metric_type} differs
 *       is skipped and the search goes on.</li>
 *   <li>{@link MetricKind#SET} is looked up as {@link MetricKind#GAUGE} (a set's count is a gauge).</li>
 *   <li>No rule: {@code mapped() == false}, the StatsD name, no labels, the defaults' options.</li>
 * </ul>
 *
 * <p>Results, misses included, are cached by name and kind, at most about {@code cacheSize} names
 * ({@link ResultCache}: a lookup of a cached name is one {@code ConcurrentHashMap} read, with no lock
 * and no allocation). Thread-safe and immutable after construction: many parse workers call
 * {@link #map} at once. A reloaded file gets a new {@code Mapper}, so the cache starts empty, as
 * statsd_exporter resets its cache on reload.
 */
public final class Mapper {
    private final MappingConfig config;
    private final Map<MetricKind, GlobTree> globs = new EnumMap<>(MetricKind.class);
    private final Rule[] regexes;
    private final ResultCache<Mapping> cache;
    /** One matcher per regex rule and thread: {@link GoMatcher}s are not thread-safe. */
    private final ThreadLocal<GoMatcher[]> matchers;

    /** @param cacheSize the most names whose results are kept; 0: no cache */
    public Mapper(MappingConfig config, int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache size must not be negative, got " + cacheSize);
        }
        this.config = config;
        List<Rule> regexRules = new ArrayList<>();
        for (MetricKind kind : List.of(MetricKind.COUNTER, MetricKind.GAUGE, MetricKind.OBSERVER)) {
            List<Rule> rules = config.rules().stream().filter(r -> !r.isRegex() && r.appliesTo(kind)).toList();
            globs.put(kind, GlobTree.of(rules, config.globOrderingDisabled()));
        }
        for (Rule r : config.rules()) {
            if (r.isRegex()) {
                regexRules.add(r);
            }
        }
        this.regexes = regexRules.toArray(Rule[]::new);
        this.cache = cacheSize == 0 ? null : new ResultCache<>(cacheSize, MetricKind.values().length);
        this.matchers = ThreadLocal.withInitial(() -> {
            GoMatcher[] m = new GoMatcher[regexes.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = regexes[i].regex().matcher();
            }
            return m;
        });
    }

    /** The mapping for {@code statsdName} (tags removed) sent as {@code kind}; never null. */
    public Mapping map(String statsdName, MetricKind kind) {
        MetricKind k = kind == MetricKind.SET ? MetricKind.GAUGE : kind;
        if (cache == null) {
            return lookUp(statsdName, k);
        }
        Mapping m = cache.get(statsdName, k.ordinal());
        if (m == null) {
            m = lookUp(statsdName, k);
            cache.put(statsdName, k.ordinal(), m);
        }
        return m;
    }

    /** The number of rules in the file. */
    public int mappingCount() {
        return config.mappingCount();
    }

    private Mapping lookUp(String name, MetricKind kind) {
        GlobTree tree = globs.get(kind);
        if (!tree.isEmpty()) {
            String[] segments = GlobTree.split(name);
            String[] captures = new String[segments.length];
            Rule r = tree.match(segments, captures);
            if (r != null) {
                return r.expandGlob(captures);
            }
        }
        if (regexes.length > 0) {
            GoMatcher[] m = matchers.get();
            for (int i = 0; i < regexes.length; i++) {
                if (regexes[i].appliesTo(kind) && m[i].find(name)) {
                    return regexes[i].expandRegex(m[i]);
                }
            }
        }
        Mapping d = config.unmapped();
        return new Mapping(false, name, Labels.EMPTY, false, Action.MAP, d.observerType(), d.histogram(), d.summary(),
                d.ttlMillis(), Double.NaN, null);
    }
}
