package io.ferry.log;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Severity of a log event, lowest first; the sink drops events below its threshold. */
public enum Level {
    DEBUG, INFO, WARN, ERROR;

    /** The lower-case name used on the command line, in the config file and in the output. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level named by {@code s} ({@code debug}, {@code info}, {@code warn}, {@code error}). */
    public static Level parse(String s) {
        for (Level l : values()) {
            if (l.label().equals(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown log level \"" + s + "\" (allowed: " + allowed() + ")");
    }

    static String allowed() {
        return Arrays.stream(values()).map(Level::label).collect(Collectors.joining(", "));
    }
}
