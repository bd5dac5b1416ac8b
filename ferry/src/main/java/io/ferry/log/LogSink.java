package io.ferry.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Where log events go: a level filter, a format and one output stream.
 *
 * <p>Thread-safe. Each event is encoded off the lock and written with one call under it, then
 * flushed, so lines from concurrent threads never interleave and nothing is lost when the process
 * exits. Level and format may be changed at any time (the CLI does once the config is read).
 * Output is UTF-8 whatever the platform's console encoding.
 */
public final class LogSink {
    private final OutputStream out;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile Level level = Level.INFO;
    private volatile LogFormat format = LogFormat.LOGFMT;

    public LogSink(OutputStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void configure(Level newLevel, LogFormat newFormat) {
        level = newLevel;
        format = newFormat;
    }

    public Level level() {
        return level;
    }

    public boolean enabled(Level l) {
        return l.compareTo(level) >= 0;
    }

    Clock clock() {
        return clock;
    }

    void write(LogEvent event) {
        if (!enabled(event.level())) {
            return;
        }
        StringBuilder sb = new StringBuilder(128);
        format.encoder().encode(event, sb);
        byte[] line = sb.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                // Nowhere left to report a failing stderr; dropping the line is all we can do.
            }
        }
    }

    /** Flushes the output; events are flushed as written, so this matters only for exotic streams. */
    public void flush() {
        synchronized (lock) {
            try {
                out.flush();
            } catch (IOException e) {
                // As in write: nowhere to report it.
            }
        }
    }

    /** A logger with no context fields writing here. */
    public Logger logger() {
        return new Logger(this, List.of());
    }
}
