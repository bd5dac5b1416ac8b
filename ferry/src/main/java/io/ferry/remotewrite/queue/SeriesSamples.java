package io.ferry.remotewrite.queue;

import io.ferry.model.Labels;

/**
 * The samples of one series in one batch, in the order they were added. The arrays are owned by
 * this record: callers must not change them.
 */
public record SeriesSamples(Labels labels, double[] values, long[] timestampsMs) {
    public SeriesSamples {
        if (values.length != timestampsMs.length) {
            throw new IllegalArgumentException(values.length + " values but " + timestampsMs.length + " timestamps");
        }
    }

    public int size() {
        return values.length;
    }
}
