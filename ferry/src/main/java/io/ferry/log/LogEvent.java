package io.ferry.log;

import java.time.Instant;
import java.util.List;

/**
 * One log event as the encoders see it.
 *
 * @param time      when it happened
 * @param level     its severity
 * @param message   the free-text message ({@code msg})
 * @param keyValues alternating keys (strings) and values, in output order
 */
record LogEvent(Instant time, Level level, String message, List<Object> keyValues) {
}
