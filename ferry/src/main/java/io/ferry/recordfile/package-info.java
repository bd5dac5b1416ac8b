/**
 * Durable logs of framed records, {@code [length][CRC-32C][payload]}: the machinery shared by the push
 * store's write-ahead log ({@code io.ferry.state}) and the remote-write queue
 * ({@code io.ferry.remotewrite.queue}), for any state kept the same way.
 *
 * <ul>
 *   <li>{@link io.ferry.recordfile.RecordFrame}, {@link io.ferry.recordfile.FrameReader}: the frame.</li>
 *   <li>{@link io.ferry.recordfile.AppendFile}: a file appended to and forced.</li>
 *   <li>{@link io.ferry.recordfile.GroupCommitWriter}: one writer thread, batches forced once,
 *       futures completed after the force, failure and close of what is queued, recovery from a
 *       failed write (the torn batch cut, retries with a growing wait).</li>
 *   <li>{@link io.ferry.recordfile.IoErrors}: why a file operation failed, for the log.</li>
 *   <li>{@link io.ferry.recordfile.SegmentDirectory}: a locked directory of numbered segments.</li>
 *   <li>{@link io.ferry.recordfile.RecoveryScan}: reading a file at open, cutting a torn or
 *       zero-filled tail where a crash can leave one and refusing other damage, or with
 *       {@link io.ferry.recordfile.OnDamage#REPAIR} cutting it after keeping a copy.</li>
 * </ul>
 *
 * Knows nothing of what a payload means.
 */
package io.ferry.recordfile;
