package io.ferry.config.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.config.ByteSize;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link ByteSize#parse}: it returns a size that is not negative or throws
 * {@link IllegalArgumentException}, nothing else; and what it returns is written back by
 * {@link ByteSize#format} as text it reads to the same size. Without {@code JAZZER_FUZZ} this replays
 * the committed inputs; {@code bench/fuzz.sh size SECONDS} fuzzes it (docs/fuzzing.md).
 */
class ByteSizeFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        long bytes;
        try {
            bytes = ByteSize.parse(s);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains(s.strip().isEmpty() ? "size" : "\"");
            return;
        }
        assertThat(bytes).isNotNegative();
        assertThat(ByteSize.parse(ByteSize.format(bytes))).isEqualTo(bytes);
    }
}
