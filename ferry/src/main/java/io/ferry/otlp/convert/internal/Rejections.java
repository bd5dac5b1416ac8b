package io.ferry.otlp.convert.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rejected points and warnings of one request, by reason, with the first few distinct messages.
 * Not thread-safe: one per request.
 *
 * <pre>{@code
 * Rejections r = new Rejections(5);
 * r.reject("count_mismatch", 1, "a histogram's bucket counts must add up to its count");
 * r.total();     // 1
 * r.byReason();  // {count_mismatch=1}
 * }</pre>
 */
public final class Rejections {
    private final int maxMessages;
    private final Map<String, Long> byReason = new LinkedHashMap<>();
    private final Map<String, Long> warnings = new LinkedHashMap<>();
    private final List<String> messages = new ArrayList<>();
    private long total;

    public Rejections(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** Counts {@code points} rejected for {@code reason}; {@code message} says why in English. */
    public void reject(String reason, long points, String message) {
        if (points <= 0) {
            return;
        }
        total += points;
        byReason.merge(reason, points, Long::sum);
        if (messages.size() < maxMessages && !messages.contains(message)) {
            messages.add(message);
        }
    }

    public void warn(String category) {
        warnings.merge(category, 1L, Long::sum);
    }

    public long total() {
        return total;
    }

    public Map<String, Long> byReason() {
        return byReason;
    }

    public Map<String, Long> warnings() {
        return warnings;
    }

    public List<String> messages() {
        return messages;
    }
}
