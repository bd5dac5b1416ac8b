package io.ferry.remotewrite.queue.internal;

/**
 * A segment's durable extent: its bytes of whole forced records and their samples. Guarded by the
 * lock of {@link QueueSegments}.
 */
final class SegmentExtent {
    final long number;
    long bytes;
    long samples;

    SegmentExtent(long number, long bytes, long samples) {
        this.number = number;
        this.bytes = bytes;
        this.samples = samples;
    }
}
