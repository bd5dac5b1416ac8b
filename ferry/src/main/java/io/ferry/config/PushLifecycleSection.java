package io.ferry.config;

import io.ferry.liveness.LivenessRule;
import io.ferry.model.GoDuration;
import io.ferry.model.LabelMatcher;
import io.ferry.model.LabelSelector;
import io.ferry.model.Labels;
import io.ferry.model.MetricNames;
import io.ferry.model.RegexSyntaxException;
import io.ferry.push.ExpiryRule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the lifecycle keys of {@code push:} ({@code expire}, {@code liveness}, {@code expect},
 * {@code liveness_metric}) into a {@link PushLifecycleConfig}; {@link PushSection} calls it with
 * the same mapping, so every error carries the file, line and key path like the other sections'.
 */
final class PushLifecycleSection {
    private PushLifecycleSection() {
    }

    static PushLifecycleConfig read(YamlMapping push, PushLifecycleConfig d) throws ConfigException {
        List<ExpiryRule> expire = push.has("expire") ? expiryRules(push) : d.expire();
        List<LivenessRule> liveness = push.has("liveness") ? livenessRules(push) : d.liveness();
        List<Labels> expect = push.has("expect") ? expected(push) : d.expect();
        String metric = push.string("liveness_metric", PushLifecycleSection::livenessMetric)
                .orElse(d.livenessMetric());
        return new PushLifecycleConfig(expire, liveness, expect, metric);
    }

    private static List<ExpiryRule> expiryRules(YamlMapping push) throws ConfigException {
        int[] index = {0};
        Set<String> names = new HashSet<>();
        return push.mappings("expire", item -> {
            item.allowOnly("name", "match", "match_re", "after");
            String name = ruleName(item, index[0]++, names);
            Duration after = item.string("after", GoDuration::parse)
                    .orElseThrow(() -> item.missing("after", "missing: how long a group lives without a push (for example 24h)"));
            if (after.isNegative() || after.isZero()) {
                throw item.error("after", "must be positive, got " + GoDuration.format(after));
            }
            return new ExpiryRule(name, selector(item), after);
        });
    }

    private static List<LivenessRule> livenessRules(YamlMapping push) throws ConfigException {
        int[] index = {0};
        Set<String> names = new HashSet<>();
        return push.mappings("liveness", item -> {
            item.allowOnly("name", "match", "match_re", "every", "grace");
            String name = ruleName(item, index[0]++, names);
            String everyText = item.string("every")
                    .orElseThrow(() -> item.missing("every", "missing: how often matching groups push (a duration, or auto)"));
            Optional<Duration> every = Optional.empty();
            if (!everyText.equals("auto")) {
                every = item.string("every", GoDuration::parse);
                if (every.get().isNegative() || every.get().isZero()) {
                    throw item.error("every", "must be positive or auto, got " + everyText);
                }
            }
            Duration grace = item.string("grace", GoDuration::parse).orElse(Duration.ZERO);
            if (grace.isNegative()) {
                throw item.error("grace", "must not be negative, got " + GoDuration.format(grace));
            }
            return new LivenessRule(name, selector(item), every, grace);
        });
    }

    private static List<Labels> expected(YamlMapping push) throws ConfigException {
        Set<Labels> seen = new HashSet<>();
        List<Labels> out = new ArrayList<>();
        for (YamlMapping item : push.mappings("expect", item -> item)) {
            String at = "push.expect[" + out.size() + "]";
            Map<String, String> pairs = item.asStringMap();
            String first = pairs.isEmpty() ? null : pairs.keySet().iterator().next();
            int line = first == null ? push.lineOf("expect") : item.lineOf(first);
            for (String label : pairs.keySet()) {
                if (!MetricNames.isValidLabelName(label) || MetricNames.isReservedLabelName(label)) {
                    throw new ConfigException(item.file(), item.lineOf(label), at + ": \"" + label
                            + "\" is not a grouping label name (letters, digits and _, not starting with a digit or __)");
                }
            }
            String job = pairs.get("job");
            if (job == null || job.isEmpty()) {
                throw new ConfigException(item.file(), line, at + ": a grouping key needs a non-empty job");
            }
            Labels key = Labels.of(pairs);
            if (!seen.add(key)) {
                throw new ConfigException(item.file(), line, at + ": group " + key + " is listed twice");
            }
            out.add(key);
        }
        return List.copyOf(out);
    }

    /** The rule's {@code name}, or its position; names must be unique within the list. */
    private static String ruleName(YamlMapping item, int index, Set<String> names) throws ConfigException {
        String name = item.string("name").orElse(Integer.toString(index));
        if (name.isEmpty()) {
            throw item.error("name", "must not be empty");
        }
        if (!names.add(name)) {
            throw item.has("name") ? item.error("name", "another rule of this list is named \"" + name + "\"")
                    : item.error("match", "rule " + index + " is unnamed, and another rule is named \"" + name + "\"");
        }
        return name;
    }

    /** The rule's {@code match} globs and {@code match_re} regexes, all of which must hold. */
    private static LabelSelector selector(YamlMapping item) throws ConfigException {
        List<LabelMatcher> matchers = new ArrayList<>();
        for (Map.Entry<String, String> e : item.stringMap("match").entrySet()) {
            checkLabel(item, "match", e.getKey());
            matchers.add(LabelMatcher.glob(e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, String> e : item.stringMap("match_re").entrySet()) {
            checkLabel(item, "match_re", e.getKey());
            try {
                matchers.add(LabelMatcher.regex(e.getKey(), e.getValue()));
            } catch (RegexSyntaxException ex) {
                throw item.error("match_re", "invalid regex for " + e.getKey() + ": " + ex.reason()
                        + " in \"" + e.getValue() + "\"");
            }
        }
        return new LabelSelector(matchers);
    }

    private static void checkLabel(YamlMapping item, String key, String label) throws ConfigException {
        if (!MetricNames.isValidLabelName(label) || MetricNames.isReservedLabelName(label)) {
            throw item.error(key, "\"" + label + "\" is not a grouping label name (letters, digits and _, "
                    + "not starting with a digit or __)");
        }
    }

    private static String livenessMetric(String name) {
        MetricNames.checkMetricName(name);
        if (name.equals("push_time_seconds") || name.equals("push_failure_time_seconds")) {
            throw new IllegalArgumentException("\"" + name + "\" is the name of every group's push time series");
        }
        return name;
    }
}
