package io.ferry.remotewrite.queue;

import java.util.List;

/**
 * What one {@link SampleQueue#read} returned: whole records in append order, the position just
 * after each of them ({@code ends.get(i)} follows {@code records.get(i)}), and the position after the
 * last, which the caller passes to the next read. Once a prefix of the records is delivered, the
 * caller passes that prefix's last end to {@link SampleQueue#acknowledge}.
 */
public record QueueRead(List<QueueRecord> records, List<QueuePosition> ends, QueuePosition next) {
    public QueueRead {
        records = List.copyOf(records);
        ends = List.copyOf(ends);
        if (records.size() != ends.size()) {
            throw new IllegalArgumentException(records.size() + " records but " + ends.size() + " end positions");
        }
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    public int sampleCount() {
        int n = 0;
        for (QueueRecord r : records) {
            n += r.sampleCount();
        }
        return n;
    }
}
