/**
 * Bytes on their way to a socket or a file: {@link io.ferry.wire.ByteSink}, the growable buffer every
 * encoder writes into (exposition formats, remote write requests, log and queue records), and
 * {@link io.ferry.wire.ProtoWire}, protobuf's tags, varints and length prefixes for the hand-written
 * encoders.
 */
package io.ferry.wire;
