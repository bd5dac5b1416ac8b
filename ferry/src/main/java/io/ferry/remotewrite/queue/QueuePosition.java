package io.ferry.remotewrite.queue;

/**
 * A place between two records of a queue: the segment number and the byte offset in it at which
 * the next record begins. Positions order as the records do.
 */
public record QueuePosition(long segment, long offset) implements Comparable<QueuePosition> {
    /** Before every record a queue will ever hold. */
    public static final QueuePosition START = new QueuePosition(0, 0);

    public QueuePosition {
        if (segment < 0 || offset < 0) {
            throw new IllegalArgumentException("a negative queue position: " + segment + "/" + offset);
        }
    }

    @Override
    public int compareTo(QueuePosition o) {
        int c = Long.compare(segment, o.segment);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }

    @Override
    public String toString() {
        return segment + "/" + offset;
    }
}
