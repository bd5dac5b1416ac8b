package io.ferry.model.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.model.PromDuration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link PromDuration#parse} against Prometheus' documented grammar as a regex oracle: it
 * accepts exactly what the regex matches (except what is out of range, refused with that reason),
 * throws nothing but {@link IllegalArgumentException} quoting the input, and {@link PromDuration#format}
 * of what it returns reads back to the same duration. Without {@code JAZZER_FUZZ} this replays the
 * committed inputs; {@code bench/fuzz.sh promduration SECONDS} fuzzes it (docs/fuzzing.md).
 */
class PromDurationFuzzTest {
    /** The {@code <duration>} regex of Prometheus' configuration docs, without the empty match. */
    private static final Pattern GRAMMAR =
            Pattern.compile("(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?|0");

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        boolean grammatical = !s.isEmpty() && GRAMMAR.matcher(s).matches();
        Duration d;
        try {
            d = PromDuration.parse(s);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains("\"" + s + "\"")) {
                throw new AssertionError("error does not quote the input: " + e.getMessage(), e);
            }
            if (grammatical && !e.getMessage().contains("out of range")) {
                throw new AssertionError("refused \"" + s + "\", which Prometheus' grammar accepts: " + e.getMessage());
            }
            return;
        }
        if (!grammatical) {
            throw new AssertionError("accepted \"" + s + "\", which Prometheus' grammar refuses");
        }
        if (d.isNegative() || !PromDuration.parse(PromDuration.format(d)).equals(d)) {
            throw new AssertionError("\"" + s + "\" -> " + d + " does not round-trip via " + PromDuration.format(d));
        }
    }
}
