package io.ferry.config.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.config.ConfigException;
import io.ferry.config.ConfigLoader;
import io.ferry.config.StatsdOptionsText;

/**
 * Fuzzes the {@code statsd:} section through the config loader (only {@link ConfigException} may
 * escape, and what it returns is usable: a positive line limit, queue and idle time), and the
 * parsers of its flag values, which may throw only {@link IllegalArgumentException}. Without
 * {@code JAZZER_FUZZ} this replays {@code StatsdConfigFuzzTestInputs/fuzz}; see {@code docs/fuzzing.md}.
 */
class StatsdConfigFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(FuzzedDataProvider data) {
        String value = data.consumeString(40);
        for (int i = 0; i < 3; i++) {
            try {
                switch (i) {
                    case 0 -> StatsdOptionsText.fileMode(value);
                    case 1 -> StatsdOptionsText.lineBytes(value);
                    default -> StatsdOptionsText.address(value.contains(":") ? "127.0.0.1" + value.substring(
                            value.lastIndexOf(':')) : value);  // no name lookups while fuzzing
                }
            } catch (IllegalArgumentException e) {
                // refused with a message: fine
            }
        }
        try {
            var s = ConfigLoader.parse("statsd:\n" + data.consumeRemainingAsString(), "ferry.yml").statsd();
            if (s.maxLineBytes() < 1 || s.queueMaxBytes() < 1 || !s.tcpIdleTimeout().isPositive()
                    || s.maxTcpConnections() < 1) {
                throw new AssertionError("a statsd section read with an unusable limit: " + s);
            }
        } catch (ConfigException e) {
            // refused with file and line: fine
        }
    }
}
