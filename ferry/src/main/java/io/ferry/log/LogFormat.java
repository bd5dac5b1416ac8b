package io.ferry.log;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How each log event is written: one logfmt line or one JSON object per line. */
public enum LogFormat {
    LOGFMT(new LogfmtEncoder()),
    JSON(new JsonEncoder());

    private final LogEncoder encoder;

    LogFormat(LogEncoder encoder) {
        this.encoder = encoder;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    LogEncoder encoder() {
        return encoder;
    }

    /** The format named by {@code s} ({@code logfmt} or {@code json}). */
    public static LogFormat parse(String s) {
        for (LogFormat f : values()) {
            if (f.label().equals(s)) {
                return f;
            }
        }
        String allowed = Arrays.stream(values()).map(LogFormat::label).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown log format \"" + s + "\" (allowed: " + allowed + ")");
    }
}
