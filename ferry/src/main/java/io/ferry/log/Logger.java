package io.ferry.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Writes structured events: a constant message and key-value pairs.
 *
 * <pre>{@code
 * Logger log = Log.logger().with("component", "push");
 * log.info("listening", "address", ":9091");
 * log.error("cannot open store", "path", dir, "err", e);
 * }</pre>
 *
 * <p>Keep the message constant and put what varies in fields, so logs can be grepped and counted.
 * A {@link Throwable} value is written as its message chain; when the sink is at debug level the
 * stack trace follows in a {@code stack} field. A key without a value gets {@code (MISSING)}.
 * Loggers are immutable and thread-safe.
 */
public final class Logger {
    private final LogSink sink;
    private final List<Object> context;

    Logger(LogSink sink, List<Object> context) {
        this.sink = sink;
        this.context = context;
    }

    /** A logger that adds these key-value pairs to every event, before the event's own. */
    public Logger with(Object... keyValues) {
        List<Object> merged = new ArrayList<>(context);
        merged.addAll(pairs(keyValues));
        return new Logger(sink, Collections.unmodifiableList(merged));
    }

    public boolean isDebugEnabled() {
        return sink.enabled(Level.DEBUG);
    }

    public void debug(String msg, Object... keyValues) {
        log(Level.DEBUG, msg, keyValues);
    }

    public void info(String msg, Object... keyValues) {
        log(Level.INFO, msg, keyValues);
    }

    public void warn(String msg, Object... keyValues) {
        log(Level.WARN, msg, keyValues);
    }

    public void error(String msg, Object... keyValues) {
        log(Level.ERROR, msg, keyValues);
    }

    public void log(Level level, String msg, Object... keyValues) {
        if (sink.enabled(level)) {
            logAt(sink.clock().instant(), level, msg, keyValues);
        }
    }

    /** For bridges that carry their own timestamp. */
    void logAt(Instant time, Level level, String msg, Object... keyValues) {
        if (!sink.enabled(level)) {
            return;
        }
        List<Object> kv = new ArrayList<>(context.size() + keyValues.length + 2);
        kv.addAll(context);
        Throwable thrown = null;
        for (Object o : pairs(keyValues)) {
            if (o instanceof Throwable t) {
                thrown = t;
                kv.add(describe(t));
            } else {
                kv.add(o);
            }
        }
        if (thrown != null && sink.enabled(Level.DEBUG)) {
            kv.add("stack");
            kv.add(stackTrace(thrown));
        }
        sink.write(new LogEvent(time, level, msg == null ? "" : msg, kv));
    }

    private static List<Object> pairs(Object[] keyValues) {
        List<Object> list = new ArrayList<>(Arrays.asList(keyValues));
        if (list.size() % 2 != 0) {
            list.add("(MISSING)");
        }
        return list;
    }

    /** {@code java.net.BindException: Address already in use; caused by ...}: the whole chain, one line. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        Throwable cause = t.getCause();
        for (int depth = 0; cause != null && cause != t && depth < 8; depth++) {
            sb.append("; caused by ").append(cause);
            t = cause;
            cause = cause.getCause();
        }
        return sb.toString();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().stripTrailing();
    }
}
