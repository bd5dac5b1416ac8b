package io.ferry.log;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Each JUL logger writes at most {@link #LINES_PER_WINDOW} lines at info and above per
 * {@link #WINDOW}, by the records' own times (debug, asked for, is not held back): a library that
 * logs every poll of a failing client (Kafka's, when a topic is deleted under it) wrote thousands
 * of lines a second. The first line after a window that dropped some says how many in
 * {@code lines_not_logged}.
 */
public final class JulBridge extends Handler {
    static final int LINES_PER_WINDOW = 10;
    static final Duration WINDOW = Duration.ofSeconds(10);

    private final Logger logger;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
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
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        Level level = level(record.getLevel());
        long dropped = level == Level.DEBUG ? 0
                : windows.computeIfAbsent(name, n -> new Window()).admit(record.getInstant());
        if (dropped < 0) {
            return;
        }
        List<Object> fields = new ArrayList<>(6);
        fields.add("logger");
        fields.add(name);
        if (record.getThrown() != null) {
            fields.add("err");
            fields.add(record.getThrown());
        }
        if (dropped > 0) {
            fields.add("lines_not_logged");
            fields.add(dropped);
        }
        logger.logAt(record.getInstant(), level, formatter.formatMessage(record), fields.toArray());
    }

    /** One logger's lines in the current window. Thread-safe. */
    private static final class Window {
        private Instant start = Instant.MIN;
        private int lines;
        private long dropped;

        /** -1 when the line is dropped; otherwise the lines dropped before it since the last one logged. */
        synchronized long admit(Instant at) {
            if (at.isAfter(start.plus(WINDOW)) || at.isBefore(start)) {
                start = at;
                lines = 0;
            }
            if (lines >= LINES_PER_WINDOW) {
                dropped++;
                return -1;
            }
            lines++;
            long before = dropped;
            dropped = 0;
            return before;
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
