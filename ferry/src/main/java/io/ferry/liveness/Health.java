package io.ferry.liveness;

/**
 * A producer's state as judged now, from its last outcome, its interval and grace:
 * <ul>
 *   <li>{@link #DOWN}: expected and never seen; or its last outcome failed; or its last event is
 *       older than {@code every + grace};</li>
 *   <li>{@link #OVERDUE}: its last event is older than {@code every} but within {@code every + grace}
 *       (its {@code up} still reads 1);</li>
 *   <li>{@link #UP}: otherwise once seen, also while its interval is not yet known;</li>
 *   <li>{@link #UNKNOWN}: nothing seen yet and not expected (a scrape target before its first scrape).</li>
 * </ul>
 * {@link ProducerQuery#ORDER} shows down first, then overdue, unknown and up.
 *
 * <pre>{@code
 * view.health() == Health.DOWN;   // view.health().label() is "down"
 * }</pre>
 */
public enum Health {
    UP, OVERDUE, DOWN, UNKNOWN;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in series labels, the API and the pages' CSS classes ({@code health-up}). */
    public String label() {
        return label;
    }

    /** Whether the producer's {@code up} reads 1: up and overdue. */
    public boolean isUp() {
        return this == UP || this == OVERDUE;
    }

    /** The health of {@code label} ({@code "down"}), or null when none has it. */
    public static Health ofLabel(String label) {
        for (Health h : values()) {
            if (h.label.equals(label)) {
                return h;
            }
        }
        return null;
    }
}
