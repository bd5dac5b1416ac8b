package io.ferry.config.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.config.PromSize;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link PromSize#parse}: it returns a size that is not negative or throws
 * {@link IllegalArgumentException} quoting the input, nothing else; and sizes add up as their
 * text does: what it reads with {@code 1KB} appended is 1024 bytes more. Without {@code JAZZER_FUZZ}
 * this replays the committed inputs; {@code bench/fuzz.sh promsize SECONDS} fuzzes it (docs/fuzzing.md).
 */
class PromSizeFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        long bytes;
        try {
            bytes = PromSize.parse(s);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains("\"" + s + "\"")) {
                throw new AssertionError("error does not quote the input: " + e.getMessage(), e);
            }
            return;
        }
        if (bytes < 0) {
            throw new AssertionError("\"" + s + "\" -> negative " + bytes);
        }
        if (!s.equals("0") && bytes < Long.MAX_VALUE - 1024) {
            long more = PromSize.parse(s + "1KB");
            // Fractions of a byte are truncated once, over the sum, so the sum may gain at most one byte.
            if (more - bytes != 1024 && more - bytes != 1025) {
                throw new AssertionError("\"" + s + "1KB\" -> " + more + ", \"" + s + "\" -> " + bytes);
            }
        }
    }
}
