/**
 * Prometheus remote write 1.0. {@link io.ferry.remotewrite.RemoteWrite} is the pipeline: the
 * {@link io.ferry.model.SampleAppender.Storage} scrapes commit to, which encodes each commit once
 * per remote_write into snappy-compressed requests, queues them on disk
 * ({@code io.ferry.remotewrite.queue}) and sends them through ordered shards. Its parts: the
 * {@code WriteRequest} encoder ({@link io.ferry.remotewrite.WriteRequestEncoder}), snappy block
 * compression ({@link io.ferry.remotewrite.SnappyBody}) and a sender that classifies answers as
 * Prometheus does ({@link io.ferry.remotewrite.RemoteWriteSender}). Never depends on {@code scrape}:
 * scrapes reach it through {@code model}'s {@code SampleAppender.Storage}. See
 * {@code docs/remote-write.md}.
 */
package io.ferry.remotewrite;
