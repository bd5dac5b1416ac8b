package io.ferry.model;

/**
 * A series that a producer appends to again and again, such as one series of a scrape target:
 * its labels, and a slot where a storage keeps what it derives from them once (the encoded labels
 * of a request), so later samples skip that work. The producer keeps the ref for as long as the
 * series lives and drops it with the series, which frees what the storage kept.
 *
 * <pre>{@code
 * SeriesRef up = new SeriesRef(Labels.of("__name__", "up", "job", "api"));
 * appender.append(up, nowMs, 1);     // every scrape, the same ref
 * }</pre>
 *
 * <p>Not thread-safe: a ref is used by one producer at a time, as its appenders are.
 */
public final class SeriesRef {
    private final Labels labels;
    private Object derived;

    public SeriesRef(Labels labels) {
        this.labels = labels;
    }

    public Labels labels() {
        return labels;
    }

    /** What a storage kept for this series, or null; only the storage knows its type. */
    public Object derived() {
        return derived;
    }

    public void derived(Object value) {
        derived = value;
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
