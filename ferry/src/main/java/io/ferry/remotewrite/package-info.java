/**
 * Prometheus remote write 1.0. {@link io.ferry.remotewrite.RemoteWrite} is the pipeline: the
 * {@link io.ferry.model.SampleAppender.Storage} scrapes commit to, which encodes each commit once
 * per remote_write into snappy-compressed requests, queues them on disk
 * ({@code io.ferry.remotewrite.queue}) and sends them through ordered shards. Its parts: the
 * {@code WriteRequest} encoder ({@link io.ferry.remotewrite.WriteRequestEncoder}), snappy block
 * compression ({@link io.ferry.remotewrite.SnappyBody}) and a sender that classifies answers as
 * Prometheus does ({@link io.ferry.remotewrite.RemoteWriteSender}). Depends on {@code model},
 * {@code wire}, {@code config}, {@code relabel},
 * {@code http}, {@code log} and {@code telemetry} (its metrics); never on {@code scrape} or
 * {@code server}. See {@code docs/remote-write.md}.
 */
package io.ferry.remotewrite;
