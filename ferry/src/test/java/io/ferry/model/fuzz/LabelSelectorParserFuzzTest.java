package io.ferry.model.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.model.LabelSelector;
import io.ferry.model.LabelSelectorException;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the selector parser of {@code DELETE /api/v1/groups?match[]=}: any input either parses or
 * throws {@link LabelSelectorException} (nothing else, no hang), and a parsed selector written out
 * with {@link LabelSelector#toString()} reads back to an equal selector, whose text is the same.
 * Without {@code JAZZER_FUZZ} this replays {@code LabelSelectorParserFuzzTestInputs/fuzz} from the
 * test resources; see {@code docs/fuzzing.md}.
 */
class LabelSelectorParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        LabelSelector parsed;
        try {
            parsed = LabelSelector.parse(text);
        } catch (LabelSelectorException expected) {
            return;
        }
        String written = parsed.toString();
        LabelSelector again;
        try {
            again = LabelSelector.parse(written);
        } catch (LabelSelectorException e) {
            throw new AssertionError("the written form of " + escape(text) + " does not read back: " + escape(written)
                    + ": " + e.getMessage(), e);
        }
        if (!again.equals(parsed) || !again.toString().equals(written)) {
            throw new AssertionError("round trip changed " + escape(text) + ": " + escape(written) + " became "
                    + escape(again.toString()));
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> out.append(c < 0x20 || c >= 0x7f ? String.format("\\u{%x}", c)
                : String.valueOf((char) c)));
        return out.append('"').toString();
    }
}
