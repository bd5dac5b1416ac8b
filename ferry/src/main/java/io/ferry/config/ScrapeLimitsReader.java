package io.ferry.config;

import io.ferry.scrape.ScrapeLimits;

import java.util.List;

/** Reads the limit keys shared by {@code global:} and each scrape job ({@link #KEYS}); absent keys are 0, no limit. */
final class ScrapeLimitsReader {
    static final List<String> KEYS = List.of("sample_limit", "label_limit", "label_name_length_limit",
            "label_value_length_limit", "body_size_limit", "target_limit", "keep_dropped_targets");

    private ScrapeLimitsReader() {
    }

    static ScrapeLimits read(YamlMapping m) throws ConfigException {
        return new ScrapeLimits(count(m, "sample_limit"), count(m, "label_limit"), count(m, "label_name_length_limit"),
                count(m, "label_value_length_limit"), m.string("body_size_limit", PromSize::parse).orElse(0L),
                count(m, "target_limit"), count(m, "keep_dropped_targets"));
    }

    /** Prometheus reads limits as unsigned integers. */
    private static long count(YamlMapping m, String key) throws ConfigException {
        long v = m.integer(key).orElse(0L);
        if (v < 0) {
            throw m.error(key, "must not be negative, got " + v);
        }
        return v;
    }
}
