package io.ferry.model.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.model.GoDuration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link GoDuration#parse}: it returns a duration or throws {@link IllegalArgumentException},
 * nothing else; and {@link GoDuration#format} writes what it returns as text it reads back to the
 * same duration. Without {@code JAZZER_FUZZ} this replays the committed inputs;
 * {@code bench/fuzz.sh duration SECONDS} fuzzes it (docs/fuzzing.md).
 */
class GoDurationFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        Duration d;
        try {
            d = GoDuration.parse(new String(data, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(GoDuration.parse(GoDuration.format(d))).isEqualTo(d);
    }
}
