package io.ferry.exposition.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.exposition.ExpositionFormat;

/**
 * Fuzzes the text 0.0.4 parser with the checks of {@link FuzzChecks}. Without {@code JAZZER_FUZZ}
 * this replays {@code PrometheusTextParserFuzzTestInputs/fuzz} from the test resources; see
 * {@code docs/fuzzing.md} to fuzz it.
 */
class PrometheusTextParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "/io/ferry/exposition/fuzz/prometheus-text.dict")
    void fuzz(byte[] data) {
        FuzzChecks.check(ExpositionFormat.PROMETHEUS_TEXT, data);
    }
}
