package io.ferry.otlp.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data points one export rejected, by reason, with the first message given for each reason:
 * what the partial-success answer says, in a few distinct English texts rather than one per point.
 *
 * <pre>{@code
 * Rejections r = new Rejections();
 * r.add("out_of_order", 3, "delta point older than the last one added to series x{...}");
 * r.message();   // "3 data points out_of_order: delta point older than ..."
 * }</pre>
 *
 * <p>Thread-safe (an export's resources are written concurrently).
 */
public final class Rejections {
    /** At most this many reasons are spelled out in the message. */
    static final int MAX_REASONS_IN_MESSAGE = 4;

    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, String> firstMessage = new LinkedHashMap<>();

    /** Counts {@code points} rejected for {@code reason}; {@code message} explains one of them. */
    public synchronized void add(String reason, long points, String message) {
        if (points <= 0 && message.isEmpty()) {
            return;
        }
        counts.computeIfAbsent(reason, r -> new long[1])[0] += points;
        firstMessage.putIfAbsent(reason, message);
    }

    /** Adds everything {@code other} counted. */
    public void addAll(Rejections other) {
        Map<String, Long> counts = other.byReason();
        Map<String, String> messages;
        synchronized (other) {
            messages = new LinkedHashMap<>(other.firstMessage);
        }
        counts.forEach((reason, n) -> add(reason, n, messages.get(reason)));
    }

    /** The points rejected in all. */
    public synchronized long total() {
        long n = 0;
        for (long[] c : counts.values()) {
            n += c[0];
        }
        return n;
    }

    /** The points rejected by reason. */
    public synchronized Map<String, Long> byReason() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((r, c) -> out.put(r, c[0]));
        return out;
    }

    /** The message for the client: each reason's count and first message, {@code ""} when none. */
    public synchronized String message() {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            if (n++ == MAX_REASONS_IN_MESSAGE) {
                b.append("; and ").append(counts.size() - MAX_REASONS_IN_MESSAGE).append(" more reasons");
                break;
            }
            if (!b.isEmpty()) {
                b.append("; ");
            }
            long points = e.getValue()[0];
            b.append(points).append(points == 1 ? " data point " : " data points ").append(e.getKey());
            String m = firstMessage.get(e.getKey());
            if (!m.isEmpty()) {
                b.append(": ").append(m);
            }
        }
        return b.toString();
    }
}
