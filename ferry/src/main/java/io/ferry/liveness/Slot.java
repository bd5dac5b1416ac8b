package io.ferry.liveness;

/**
 * One interval of a producer's history strip ({@link ProducerView#history()}), oldest first:
 * <ul>
 *   <li>{@link #ON_TIME}: an event came in the interval;</li>
 *   <li>{@link #LATE}: none came in it, but the next came within grace after its end;</li>
 *   <li>{@link #MISSING}: none came in it nor within grace after;</li>
 *   <li>{@link #FAILED}: the outcome in it was not ok (a failed push or scrape).</li>
 * </ul>
 *
 * <pre>{@code
 * Slot.LATE.label();   // "late"
 * }</pre>
 */
public enum Slot {
    ON_TIME, LATE, MISSING, FAILED;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in the API ({@code "on_time"}) and the pages. */
    public String label() {
        return label;
    }
}
