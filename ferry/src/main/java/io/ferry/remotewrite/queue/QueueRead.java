package io.ferry.remotewrite.queue;

import java.util.List;

/**
 * What one {@link SampleQueue#read} returned: whole appended batches in append order, and the
 * position just after the last of them, which the caller passes to the next read and, once the
 * batches are delivered, to {@link SampleQueue#acknowledge}.
 */
public record QueueRead(List<SampleBatch> batches, QueuePosition next) {
    public QueueRead {
        batches = List.copyOf(batches);
    }

    public boolean isEmpty() {
        return batches.isEmpty();
    }

    public int sampleCount() {
        int n = 0;
        for (SampleBatch b : batches) {
            n += b.sampleCount();
        }
        return n;
    }
}
