package io.ferry.exposition.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.exposition.ExpositionFormat;

/**
 * Fuzzes the OpenMetrics 1.0 parser with the checks of {@link FuzzChecks}. Without
 * {@code JAZZER_FUZZ} this replays {@code OpenMetricsParserFuzzTestInputs/fuzz} from the test
 * resources; see {@code docs/fuzzing.md} to fuzz it.
 */
class OpenMetricsParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "/io/ferry/exposition/fuzz/openmetrics.dict")
    void fuzz(byte[] data) {
        FuzzChecks.check(ExpositionFormat.OPENMETRICS, data);
    }
}
