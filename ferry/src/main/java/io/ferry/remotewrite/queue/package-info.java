/**
 * The on-disk queue between scraping and remote write: {@link io.ferry.remotewrite.queue.SampleQueue}
 * (the contract) and {@link io.ferry.remotewrite.queue.DiskSampleQueue} (segments of framed
 * records, a persisted consumer cursor, a disk budget). Records use the framing of
 * {@code io.ferry.recordfile}; depends on {@code model} and {@code exposition}'s {@code ByteSink}.
 */
package io.ferry.remotewrite.queue;
