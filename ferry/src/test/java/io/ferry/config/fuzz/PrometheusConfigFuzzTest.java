package io.ferry.config.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.config.ConfigException;
import io.ferry.config.ConfigLoader;
import io.ferry.scrape.ScrapeJob;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the prometheus.yml sections ({@code global}, {@code scrape_configs}, {@code remote_write})
 * through the config loader: only {@link ConfigException} may escape, with the file name; and what
 * is read keeps the invariants later stages rely on (every job's timeout within its interval, both
 * positive). Without {@code JAZZER_FUZZ} this replays {@code PrometheusConfigFuzzTestInputs/fuzz};
 * {@code bench/fuzz.sh promconfig SECONDS} fuzzes it (docs/fuzzing.md).
 */
class PrometheusConfigFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] data) {
        String yaml = new String(data, StandardCharsets.UTF_8);
        try {
            for (ScrapeJob j : ConfigLoader.parse(yaml, "ferry.yml").prometheus().scrapeConfigs()) {
                if (j.scrapeTimeout().isZero() || j.scrapeInterval().isZero()
                        || j.scrapeTimeout().compareTo(j.scrapeInterval()) > 0) {
                    throw new AssertionError("job " + j.jobName() + ": timeout " + j.scrapeTimeout()
                            + ", interval " + j.scrapeInterval());
                }
            }
        } catch (ConfigException e) {
            if (!e.getMessage().startsWith("ferry.yml:")) {
                throw new AssertionError("error without the file: " + e.getMessage(), e);
            }
        }
    }
}
