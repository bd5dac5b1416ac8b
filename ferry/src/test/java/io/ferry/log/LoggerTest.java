package io.ferry.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoggerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LogSink sink = new LogSink(out, Clock.fixed(Instant.parse("2026-11-21T08:00:00Z"), ZoneOffset.UTC));

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void filtersByLevel() {
        sink.configure(Level.WARN, LogFormat.LOGFMT);
        Logger log = sink.logger();
        log.debug("d");
        log.info("i");
        log.warn("w");
        log.error("e");
        assertThat(output()).isEqualTo("""
                ts=2026-11-21T08:00:00.000Z level=warn msg="w"
                ts=2026-11-21T08:00:00.000Z level=error msg="e"
                """);
    }

    @Test
    void switchesFormat() {
        sink.configure(Level.INFO, LogFormat.JSON);
        sink.logger().info("hello", "k", "v");
        assertThat(output()).isEqualTo("{\"ts\":\"2026-11-21T08:00:00.000Z\",\"level\":\"info\",\"msg\":\"hello\",\"k\":\"v\"}\n");
    }

    @Test
    void contextFieldsComeFirst() {
        sink.logger().with("component", "push").info("stored", "group", "job=a");
        assertThat(output()).endsWith("msg=\"stored\" component=push group=\"job=a\"\n");
    }

    @Test
    void missingValueIsMarked() {
        sink.logger().info("m", "lonely");
        assertThat(output()).endsWith("lonely=(MISSING)\n");
    }

    @Test
    void throwablesAreOneLineUnlessDebug() {
        Exception e = new IllegalStateException("cannot start", new BindException("Address already in use"));
        sink.logger().error("failed", "err", e);
        assertThat(output()).endsWith(
                "err=\"java.lang.IllegalStateException: cannot start; caused by java.net.BindException: Address already in use\"\n");
        out.reset();
        sink.configure(Level.DEBUG, LogFormat.LOGFMT);
        sink.logger().error("failed", "err", e);
        assertThat(output()).contains(" stack=\"java.lang.IllegalStateException: cannot start\\n\\tat ");
        assertThat(output().indexOf('\n')).isEqualTo(output().length() - 1);
    }
}
