/**
 * Files of framed records, {@code [length][CRC-32C][payload]}, appended and forced: the framing
 * shared by the push store's write-ahead log ({@code io.ferry.state}) and the remote-write queue
 * ({@code io.ferry.remotewrite.queue}). Knows nothing of what a payload means. Depends on
 * {@code wire}'s {@code ByteSink} only.
 */
package io.ferry.recordfile;
