package io.ferry.exposition.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.exposition.ExpositionFormat;

/**
 * Fuzzes the delimited protobuf parser with the checks of {@link FuzzChecks}. Without
 * {@code JAZZER_FUZZ} this replays {@code ProtobufParserFuzzTestInputs/fuzz} from the test
 * resources; see {@code docs/fuzzing.md} to fuzz it.
 */
class ProtobufParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] data) {
        FuzzChecks.check(ExpositionFormat.PROTOBUF, data);
    }
}
