package io.ferry.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.logging.Handler;
import java.util.logging.LogManager;

import static org.assertj.core.api.Assertions.assertThat;

class JulBridgeTest {
    private final java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
    private final Handler[] saved = root.getHandlers();
    private final java.util.logging.Level savedLevel = root.getLevel();

    @AfterEach
    void restore() {
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        for (Handler h : saved) {
            root.addHandler(h);
        }
        root.setLevel(savedLevel);
    }

    @Test
    void routesJulIntoTheSinkWithMappedLevels() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogSink sink = new LogSink(out, Clock.systemUTC());
        sink.configure(Level.INFO, LogFormat.LOGFMT);
        JulBridge.install(sink);

        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.netty.test");
        jul.fine("too fine");
        jul.info("hello {0}");
        jul.log(java.util.logging.Level.WARNING, "value {0}", 42);
        jul.log(java.util.logging.Level.SEVERE, "boom", new RuntimeException("bad"));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).contains("level=info msg=\"hello {0}\" logger=io.netty.test");
        assertThat(lines[1]).contains("level=warn msg=\"value 42\" logger=io.netty.test");
        assertThat(lines[2]).contains("level=error msg=\"boom\" logger=io.netty.test err=\"java.lang.RuntimeException: bad\"");
    }

    /** A library logging every poll of a failing client must not flood the log. */
    @Test
    void eachLoggerWritesAtMostTenLinesAWindowAndSaysHowManyItDropped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogSink sink = new LogSink(out, Clock.systemUTC());
        sink.configure(Level.INFO, LogFormat.LOGFMT);
        JulBridge.install(sink);
        java.util.logging.Logger kafka = java.util.logging.Logger.getLogger("org.apache.kafka.test");
        java.util.logging.Logger other = java.util.logging.Logger.getLogger("io.netty.other");
        java.time.Instant t0 = java.time.Instant.parse("2026-12-08T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            java.util.logging.LogRecord r = new java.util.logging.LogRecord(java.util.logging.Level.WARNING, "unknown topic " + i);
            r.setLoggerName(kafka.getName());
            r.setInstant(t0.plusMillis(i));
            kafka.log(r);
        }
        other.warning("another logger is not held back");
        java.util.logging.LogRecord later = new java.util.logging.LogRecord(java.util.logging.Level.WARNING, "later");
        later.setLoggerName(kafka.getName());
        later.setInstant(t0.plusSeconds(11));
        kafka.log(later);

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(12);
        assertThat(lines[9]).contains("msg=\"unknown topic 9\"");
        assertThat(lines[10]).contains("msg=\"another logger is not held back\"");
        assertThat(lines[11]).contains("msg=\"later\" logger=org.apache.kafka.test lines_not_logged=990");
    }

    @Test
    void rootLevelFollowsTheSink() {
        LogSink sink = new LogSink(new ByteArrayOutputStream(), Clock.systemUTC());
        sink.configure(Level.DEBUG, LogFormat.JSON);
        JulBridge.install(sink);
        assertThat(root.getLevel()).isEqualTo(java.util.logging.Level.FINE);
        assertThat(root.getHandlers()).hasSize(1);
        sink.configure(Level.ERROR, LogFormat.JSON);
        JulBridge.install(sink);
        assertThat(root.getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
        assertThat(root.getHandlers()).hasSize(1);
    }

    @Test
    void parsesLevelAndFormatNames() {
        assertThat(Level.parse("warn")).isEqualTo(Level.WARN);
        assertThat(LogFormat.parse("json")).isEqualTo(LogFormat.JSON);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Level.parse("verbose"))
                .hasMessage("unknown log level \"verbose\" (allowed: debug, info, warn, error)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogFormat.parse("text"))
                .hasMessage("unknown log format \"text\" (allowed: logfmt, json)");
    }
}
