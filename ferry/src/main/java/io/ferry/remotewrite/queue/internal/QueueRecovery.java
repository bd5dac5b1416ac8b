package io.ferry.remotewrite.queue.internal;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.OnDamage;
import io.ferry.recordfile.RecoveryScan;
import io.ferry.recordfile.SegmentDirectory;
import io.ferry.remotewrite.queue.QueuePosition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeMap;

/**
 * Opening a queue's directory: checks every record of the segments and counts their samples, cuts a
 * torn or zero-filled tail from the last one (what a crash during a write leaves) with a log line,
 * refuses other damage (or cuts it keeping a copy, with {@link OnDamage#REPAIR}; see
 * {@link RecoveryScan}), deletes segments acknowledged before a crash, opens the last segment for
 * appending, and finds where delivery resumes. On the opening thread, before the writer starts.
 */
public final class QueueRecovery {
    private static final Logger LOG = Log.logger().with("component", "remote_write_queue");

    /** What opening found: the segments, and the samples appended and not acknowledged before. */
    public record Recovered(QueueSegments segments, long unacknowledgedSamples) {
    }

    private QueueRecovery() {
    }

    public static Recovered recover(SegmentDirectory files, OnDamage onDamage) throws IOException {
        QueuePosition cursor = readCursor(files.dir(), onDamage);
        List<Long> numbers = files.list();
        TreeMap<Long, SegmentExtent> segments = new TreeMap<>();
        long cursorSegment = cursor == null ? 0 : cursor.segment();
        for (int i = 0; i < numbers.size(); i++) {
            long n = numbers.get(i);
            boolean last = i == numbers.size() - 1;
            if (n < cursorSegment && !last) {
                // Acknowledged before a crash that came before its deletion.
                files.delete(n);
                continue;
            }
            if (!segments.isEmpty() && n != segments.lastKey() + 1) {
                // Segments are numbered one after another and deleted oldest first: a gap is files
                // removed by hand or lost, with samples not yet sent. Nothing is left to repair.
                LOG.warn("remote-write queue segments are missing; their samples are lost", "dir", files.dir(),
                        "missing_from", segments.lastKey() + 1, "missing_to", n - 1);
            }
            segments.put(n, scan(files.path(n), n, last, onDamage));
        }
        if (segments.isEmpty()) {
            long first = Math.max(1, cursorSegment);
            segments.put(first, new SegmentExtent(first, 0, 0));
        }
        files.appendTo(segments.lastKey());
        QueuePosition start = clampCursor(cursor, segments);
        long unacknowledged = samplesAfter(start, segments, files);
        QueueSegments recovered = new QueueSegments(segments, start);
        LOG.info("opened the remote-write queue", "dir", files.dir(), "segments", segments.size(),
                "bytes", recovered.diskBytes(), "unacknowledged_samples", unacknowledged, "resume_at", start);
        return new Recovered(recovered, unacknowledged);
    }

    /**
     * The cursor; with {@link OnDamage#REPAIR} a damaged one is moved aside to {@code cursor.damaged}
     * and the queue delivered again from its oldest segment: the receiver may get samples it has,
     * which is better than a queue that never sends again.
     */
    private static QueuePosition readCursor(Path dir, OnDamage onDamage) throws IOException {
        try {
            return CursorFile.read(dir);
        } catch (CursorFile.Damaged e) {
            if (onDamage == OnDamage.REFUSE) {
                throw e;
            }
            Path copy = dir.resolve("cursor.damaged");
            Files.move(dir.resolve("cursor"), copy, StandardCopyOption.REPLACE_EXISTING);
            AppendFile.forceDirectory(dir);
            LOG.warn("repaired a damaged remote-write queue cursor: delivering the queue again from its oldest "
                    + "segment, so the receiver may get samples it has", "detail", e.getMessage(), "copy", copy);
            return null;
        }
    }

    /** Checks every record of a segment and counts its samples; cuts a torn tail from the last one. */
    private static SegmentExtent scan(Path path, long number, boolean last, OnDamage onDamage) throws IOException {
        long[] samples = {0};
        long good = RecoveryScan.scan(path, last, onDamage, "open the queue",
                (payload, at) -> samples[0] += QueueRecordCodec.sampleCount(payload),
                cut -> LOG.warn(cut.repaired()
                                ? "repaired a damaged remote-write queue segment: cut the damage and what followed it, "
                                + "keeping a copy; the samples cut are not sent"
                                : "cut the torn or zero-filled tail a crash during a write leaves from the remote-write queue",
                        "detail", cut.describe()));
        return new SegmentExtent(number, good, samples[0]);
    }

    private static QueuePosition clampCursor(QueuePosition cursor, TreeMap<Long, SegmentExtent> segments) {
        SegmentExtent first = segments.firstEntry().getValue();
        if (cursor == null || cursor.segment() < first.number) {
            if (cursor != null) {
                // The budget dropped the segments the cursor was in (logged and counted then).
                LOG.info("the remote-write queue's cursor is before the oldest segment kept; resuming there",
                        "cursor", cursor, "oldest_segment", first.number);
            }
            return new QueuePosition(first.number, 0);
        }
        SegmentExtent at = segments.get(cursor.segment());
        if (at == null || cursor.offset() > at.bytes) {
            SegmentExtent last = segments.lastEntry().getValue();
            QueuePosition end = at == null ? new QueuePosition(last.number, last.bytes)
                    : new QueuePosition(at.number, at.bytes);
            LOG.warn("the remote-write queue's cursor is past the data kept; resuming at the end",
                    "cursor", cursor, "resume_at", end);
            return end;
        }
        return cursor;
    }

    private static long samplesAfter(QueuePosition p, TreeMap<Long, SegmentExtent> segments, SegmentDirectory files)
            throws IOException {
        long n = 0;
        for (SegmentExtent s : segments.tailMap(p.segment(), true).values()) {
            n += s.number == p.segment() ? QueueReader.countSamples(files.path(s.number), p.offset(), s.bytes)
                    : s.samples;
        }
        return n;
    }
}
