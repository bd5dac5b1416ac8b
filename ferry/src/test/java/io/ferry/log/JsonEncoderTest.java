package io.ferry.log;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class JsonEncoderTest {
    private static final Instant T = Instant.parse("2026-11-21T08:00:00.123Z");

    private static String encode(String msg, Object... kv) {
        StringBuilder sb = new StringBuilder();
        new JsonEncoder().encode(new LogEvent(T, Level.INFO, msg, Arrays.asList(kv)), sb);
        return sb.toString();
    }

    @Test
    void writesOneObjectPerLine() {
        assertThat(encode("listening", "address", ":9091"))
                .isEqualTo("{\"ts\":\"2026-11-21T08:00:00.123Z\",\"level\":\"info\",\"msg\":\"listening\",\"address\":\":9091\"}\n");
    }

    @Test
    void typesNumbersAndBooleans() {
        assertThat(encode("m", "i", 3, "l", 4L, "d", 1.5, "nan", Double.NaN, "b", true, "n", null))
                .endsWith(",\"i\":3,\"l\":4,\"d\":1.5,\"nan\":\"NaN\",\"b\":true,\"n\":null}\n");
    }

    @Test
    void escapesQuotesBackslashesAndControls() {
        assertThat(encode("a \"b\" \\ c\nd\u0001"))
                .contains("\"msg\":\"a \\\"b\\\" \\\\ c\\nd\\u0001\"");
    }

    @Test
    void escapesLoneSurrogatesButKeepsPairs() {
        assertThat(encode("x", "k", "\ud800 \ud83d\ude00")).contains("\"k\":\"\\ud800 \ud83d\ude00\"");
    }
}
