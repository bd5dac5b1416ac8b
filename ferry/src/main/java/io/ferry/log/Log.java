package io.ferry.log;

import java.time.Clock;

/**
 * The process-wide log: one {@link LogSink} on stderr, with java.util.logging routed into it.
 *
 * <pre>{@code
 * private static final Logger LOG = Log.logger();
 * Log.configure(Level.DEBUG, LogFormat.JSON);  // once the command line is read
 * LOG.info("listening", "address", ":9091");
 * }</pre>
 *
 * <p>Until {@link #configure} is called the log is at info level, in logfmt. Thread-safe.
 */
public final class Log {
    private static final LogSink SINK = new LogSink(System.err, Clock.systemUTC());
    private static final Logger ROOT = SINK.logger();

    static {
        // Vert.x and Netty log through java.util.logging; from here on they write our format too.
        JulBridge.install(SINK);
    }

    private Log() {
    }

    public static Logger logger() {
        return ROOT;
    }

    /** Sets the level filter and format for everything logged from now on, JUL included. */
    public static void configure(Level level, LogFormat format) {
        SINK.configure(level, format);
        JulBridge.install(SINK);
    }

    public static void flush() {
        SINK.flush();
    }
}
