package io.ferry.config.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.config.ConfigException;
import io.ferry.config.ConfigLoader;
import io.ferry.config.JobGlob;

import java.util.regex.Pattern;

/**
 * Fuzzes the {@code auth:} section through the config loader (only {@link ConfigException} may
 * escape), and job patterns against a regex oracle: {@link JobGlob#matches} must agree with the
 * pattern read as a regex where {@code *} is {@code .*} and everything else is literal. Without
 * {@code JAZZER_FUZZ} this replays {@code AuthConfigFuzzTestInputs/fuzz}; see {@code docs/fuzzing.md}.
 */
class AuthConfigFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(FuzzedDataProvider data) {
        String pattern = data.consumeString(40);
        String job = data.consumeString(60);
        if (!pattern.isEmpty()) {
            boolean got = JobGlob.parse(pattern).matches(job);
            boolean want = oracle(pattern).matcher(job).matches();
            if (got != want) {
                throw new AssertionError("JobGlob(" + pattern + ").matches(" + job + ") = " + got + ", regex says " + want);
            }
        }
        try {
            ConfigLoader.parse("auth:\n" + data.consumeRemainingAsString(), "ferry.yml");
        } catch (ConfigException e) {
            // refused with file and line: fine
        }
    }

    private static Pattern oracle(String glob) {
        StringBuilder re = new StringBuilder();
        // Runs of stars collapse into one `.*`: the same language, and the regex engine backtracks
        // exponentially over `.*.*.*...` (a fuzzing timeout in the oracle, not in JobGlob).
        String[] parts = glob.replaceAll("\\*+", "*").split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
