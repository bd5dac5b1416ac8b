package io.ferry.config.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.config.ConfigException;
import io.ferry.config.WebSecurityConfigLoader;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the web config file parser ({@code --web.config.file}): any input either parses or is refused
 * with a {@link ConfigException}; nothing else may escape. Without {@code JAZZER_FUZZ} this replays
 * {@code WebSecurityConfigFuzzTestInputs/fuzz}; see {@code docs/fuzzing.md}.
 */
class WebSecurityConfigFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] data) {
        try {
            WebSecurityConfigLoader.parse(new String(data, StandardCharsets.UTF_8), "web.yml");
        } catch (ConfigException e) {
            if (!e.getMessage().startsWith("web.yml")) {
                throw new AssertionError("error does not name the file: " + e.getMessage());
            }
        }
    }
}
