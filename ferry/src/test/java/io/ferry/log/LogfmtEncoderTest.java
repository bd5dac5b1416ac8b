package io.ferry.log;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LogfmtEncoderTest {
    private static final Instant T = Instant.parse("2026-11-21T08:00:00Z");

    private static String encode(Level level, String msg, Object... kv) {
        StringBuilder sb = new StringBuilder();
        new LogfmtEncoder().encode(new LogEvent(T, level, msg, Arrays.asList(kv)), sb);
        return sb.toString();
    }

    @Test
    void writesTheDocumentedLine() {
        assertThat(encode(Level.INFO, "listening", "address", ":9091"))
                .isEqualTo("ts=2026-11-21T08:00:00.000Z level=info msg=\"listening\" address=:9091\n");
    }

    @Test
    void quotesValuesOnlyWhenNeeded() {
        assertThat(encode(Level.WARN, "m", "a", "plain", "b", "with space", "c", "", "d", "x=y", "e", "say \"hi\""))
                .endsWith(" a=plain b=\"with space\" c=\"\" d=\"x=y\" e=\"say \\\"hi\\\"\"\n");
    }

    @Test
    void escapesSoOneEventIsOneLine() {
        String line = encode(Level.ERROR, "two\nlines", "path", "C:\\dir\ttab", "bell", "\u0007");
        assertThat(line).isEqualTo(
                "ts=2026-11-21T08:00:00.000Z level=error msg=\"two\\nlines\" path=\"C:\\\\dir\\ttab\" bell=\"\\u0007\"\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void keepsNonAsciiAsIs() {
        assertThat(encode(Level.INFO, "grüße", "job", "café")).endsWith("msg=\"grüße\" job=café\n");
    }

    @Test
    void sanitisesKeysAndWritesNull() {
        assertThat(encode(Level.DEBUG, "m", "bad key=", null, "n", 42))
                .endsWith("level=debug msg=\"m\" bad_key_=null n=42\n");
    }
}
