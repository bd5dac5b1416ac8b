package io.ferry.log;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns one {@link LogEvent} into one line of text. Encoders are stateless and thread-safe.
 *
 * <p>Every format starts with the same three fields, {@code ts}, {@code level} and {@code msg},
 * followed by the event's own key-value pairs in order.
 */
interface LogEncoder {
    /** UTC with milliseconds always printed, so lines sort and align: {@code 2026-11-21T08:00:00.000Z}. */
    DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Appends the event and a trailing newline to {@code out}. */
    void encode(LogEvent event, StringBuilder out);
}
