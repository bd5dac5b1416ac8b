package io.ferry.log;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Routes java.util.logging into a {@link LogSink}, so that Vert.x and Netty, which log through JUL
 * when no other backend is on the class path, write the same format as Ferry.
 *
 * <p>Levels map down: SEVERE is error, WARNING warn, INFO info, and everything finer debug. The
 * JUL logger's name goes in a {@code logger} field, its exception in {@code err}.
 */
public final class JulBridge extends Handler {
    private final Logger logger;
    // Only used for formatMessage: resolves {0}-style parameters and resource bundles.
    private final Formatter formatter = new SimpleFormatter();

    private JulBridge(LogSink sink) {
        this.logger = sink.logger();
    }

    /**
     * Replaces the root JUL logger's handlers with one writing to {@code sink}, and sets the root
     * level to match the sink's so that libraries skip building messages nobody will see. Safe to
     * call again after the sink's level changes.
     */
    public static void install(LogSink sink) {
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(new JulBridge(sink));
        root.setLevel(julLevel(sink.level()));
    }

    static java.util.logging.Level julLevel(Level level) {
        return switch (level) {
            case DEBUG -> java.util.logging.Level.FINE;
            case INFO -> java.util.logging.Level.INFO;
            case WARN -> java.util.logging.Level.WARNING;
            case ERROR -> java.util.logging.Level.SEVERE;
        };
    }

    static Level level(java.util.logging.Level jul) {
        int v = jul.intValue();
        if (v >= java.util.logging.Level.SEVERE.intValue()) {
            return Level.ERROR;
        }
        if (v >= java.util.logging.Level.WARNING.intValue()) {
            return Level.WARN;
        }
        if (v >= java.util.logging.Level.INFO.intValue()) {
            return Level.INFO;
        }
        return Level.DEBUG;
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        String msg = formatter.formatMessage(record);
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (record.getThrown() != null) {
            logger.logAt(record.getInstant(), level(record.getLevel()), msg, "logger", name, "err", record.getThrown());
        } else {
            logger.logAt(record.getInstant(), level(record.getLevel()), msg, "logger", name);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
