/**
 * The on-disk queue between scraping and remote write: {@link io.ferry.remotewrite.queue.SampleQueue}
 * (the contract) and {@link io.ferry.remotewrite.queue.DiskSampleQueue} (segments of framed
 * records, a persisted consumer cursor, a disk budget), whose parts are in {@code internal}. The
 * segments, their group commit and their recovery at open are {@code io.ferry.recordfile}'s.
 */
package io.ferry.remotewrite.queue;
