/**
 * Prometheus remote write 1.0: the {@code WriteRequest} encoder ({@link io.ferry.remotewrite.WriteRequestEncoder}),
 * snappy block compression ({@link io.ferry.remotewrite.SnappyBody}) and a sender that classifies
 * answers as Prometheus does ({@link io.ferry.remotewrite.RemoteWriteSender}); the on-disk queue is
 * in {@code io.ferry.remotewrite.queue}. Shards come later and build on these. Depends on {@code model} and on
 * {@code exposition}'s {@code ByteSink} and {@code ProtoWire}.
 */
package io.ferry.remotewrite;
