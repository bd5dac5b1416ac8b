package io.ferry.exposition;

import io.ferry.model.MetricFamily;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** parse(write(x)) equals x, over random families each text format can represent. */
class TextRoundTripTest {
    private static final int CASES = 3000;

    @Test
    void prometheusTextRoundTrips() throws Exception {
        roundTrip(false, PrometheusTextWriter.INSTANCE, new PrometheusTextParser(ParseLimits.DEFAULT));
    }

    @Test
    void openMetricsRoundTrips() throws Exception {
        roundTrip(true, OpenMetricsWriter.INSTANCE, new OpenMetricsParser(ParseLimits.DEFAULT));
    }

    private static void roundTrip(boolean openMetrics, ExpositionWriter writer, ExpositionParser parser)
            throws ExpositionException {
        for (int seed = 0; seed < CASES; seed++) {
            List<MetricFamily> families = new RandomFamilies(seed, openMetrics).families();
            byte[] body = writer.toBytes(families);
            List<MetricFamily> back;
            try {
                back = parser.parse(body);
            } catch (ExpositionException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage() + " in\n"
                        + new String(body, StandardCharsets.UTF_8), e);
            }
            assertThat(back).as("seed %d, body:%n%s", seed, new String(body, StandardCharsets.UTF_8))
                    .isEqualTo(families);
        }
    }
}
