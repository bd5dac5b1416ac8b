package io.ferry.exposition.internal;

import io.ferry.wire.ByteSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FloatFormatTest {

    // Expected strings are Go's strconv.FormatFloat(v, 'g', -1, 64).
    @ParameterizedTest
    @CsvSource({
            "1, 1", "0, 0", "-1, -1", "0.5, 0.5", "250000, 250000", "999999, 999999",
            "1e6, 1e+06", "1234567, 1.234567e+06", "1e-5, 1e-05", "0.0001, 0.0001", "1.5e-7, 1.5e-07",
            "1.583781848025745e9, 1.583781848025745e+09", "123.456, 123.456", "1e21, 1e+21", "1e100, 1e+100",
            "0.30000000000000004, 0.30000000000000004", "4.9e-324, 5e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308", "12345678.9, 1.23456789e+07", "-0.001, -0.001",
            "100000.5, 100000.5", "1e15, 1e+15", "9007199254740994, 9.007199254740994e+15",
            "-2.5e-10, -2.5e-10", "NaN, NaN", "Infinity, +Inf", "-Infinity, -Inf", "-0.0, 0",
            "120000000, 1.2e+08", "0.000123, 0.000123", "0.00001234, 1.234e-05"})
    void writesLikeGo(double v, String expected) {
        assertThat(render(v, false)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1, 1.0", "0, 0.0", "10, 10.0", "0.25, 0.25", "1e6, 1e+06", "1e-5, 1e-05", "Infinity, +Inf",
            "-Infinity, -Inf", "NaN, NaN"})
    void writesOpenMetricsCanonicalForm(double v, String expected) {
        assertThat(render(v, true)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1605301325123, 1605301325.123", "1000, 1", "1500, 1.5", "1050, 1.05", "1005, 1.005", "0, 0",
            "-1500, -1.5", "7, 0.007"})
    void writesMillisecondsAsSeconds(long ms, String expected) {
        ByteSink out = new ByteSink(16);
        FloatFormat.writeSeconds(out, ms);
        assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void everyRenderingParsesBackToTheSameDouble() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextInt(2_000_000) - 1_000_000;
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                default -> Math.round(random.nextDouble() * 1e6) / 1000.0;
            };
            if (Double.isNaN(v) || v == 0) {
                continue;
            }
            String s = render(v, false);
            double back = Double.parseDouble(s.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            assertThat(back).as("%s rendered as %s", v, s).isEqualTo(v);
            assertThat(s).doesNotContain("E").doesNotEndWith(".");
        }
    }

    private static String render(double v, boolean canonical) {
        ByteSink out = new ByteSink(16);
        if (canonical) {
            FloatFormat.writeCanonical(out, v);
        } else {
            FloatFormat.write(out, v);
        }
        return new String(out.toByteArray(), StandardCharsets.US_ASCII);
    }
}
