package io.ferry.remotewrite.queue.internal;

import io.ferry.recordfile.FrameReader;
import io.ferry.recordfile.SegmentDirectory;
import io.ferry.remotewrite.queue.QueuePosition;
import io.ferry.remotewrite.queue.QueueRead;
import io.ferry.remotewrite.queue.QueueRecord;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads records from the segments, only as far as {@link QueueSegments} says they are forced, and
 * counts the samples of a stretch of a segment. Reading changes nothing. Thread-safe: each read opens
 * its own channel.
 */
public final class QueueReader {
    private final SegmentDirectory files;
    private final QueueSegments segments;

    public QueueReader(SegmentDirectory files, QueueSegments segments) {
        this.files = files;
        this.segments = segments;
    }

    /** See {@link io.ferry.remotewrite.queue.SampleQueue#read}. */
    public QueueRead read(QueuePosition after, int maxSamples) throws IOException {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be at least 1, not " + maxSamples);
        }
        List<QueueRecord> out = new ArrayList<>();
        List<QueuePosition> ends = new ArrayList<>();
        QueuePosition position = after;
        int retries = 0;
        while (true) {
            QueueSegments.Readable readable = segments.readable(position);
            QueuePosition from = readable.from();
            if (readable.isEmpty()) {
                return new QueueRead(out, ends, from);
            }
            long limit = readable.limit();
            long end;
            try {
                end = readSegment(from, limit, maxSamples, out, ends);
            } catch (NoSuchFileException e) {
                // Dropped by the budget between the look-up and the open: look again.
                if (++retries > 100) {
                    throw e;
                }
                continue;
            }
            position = new QueuePosition(from.segment(), end);
            if (end < limit) {
                return new QueueRead(out, ends, position); // the bound is reached
            }
            // The segment's durable end: go on in the next one, if there is one.
        }
    }

    /**
     * Adds the records of a segment from {@code from} to {@code limit} to {@code out} (and their end
     * positions to {@code ends}) while they fit in {@code maxSamples} with those already there;
     * returns the offset after the last one added.
     */
    private long readSegment(QueuePosition from, long limit, int maxSamples, List<QueueRecord> out,
                             List<QueuePosition> ends) throws IOException {
        long samples = 0; // long: records of up to Integer.MAX_VALUE samples each must not wrap the sum
        for (QueueRecord r : out) {
            samples += r.sampleCount();
        }
        long end = from.offset();
        Path path = files.path(from.segment());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            FrameReader reader = frames(ch, from.offset(), limit);
            while (end < limit) {
                byte[] payload = reader.next();
                if (payload == null) {
                    throw new IOException(path + ": " + (reader.problem() == null ? "the file ends" : reader.problem())
                            + " at byte " + end + ", inside data that was forced: the segment is damaged");
                }
                QueueRecord record;
                try {
                    record = QueueRecordCodec.decode(payload);
                } catch (IOException e) {
                    throw new IOException(path + ": the record at byte " + end + " has a good checksum but does not "
                            + "decode (" + e.getMessage() + ")", e);
                }
                if (!out.isEmpty() && samples + record.sampleCount() > maxSamples) {
                    break;
                }
                out.add(record);
                samples += record.sampleCount();
                end = reader.position();
                ends.add(new QueuePosition(from.segment(), end));
            }
        }
        return end;
    }

    /** The samples of the records in {@code [from, to)} of the segment file {@code path}. */
    public static long countSamples(Path path, long from, long to) throws IOException {
        long n = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            FrameReader reader = frames(ch, from, to);
            for (byte[] payload; (payload = reader.next()) != null; ) {
                n += QueueRecordCodec.sampleCount(payload);
            }
        }
        return n;
    }

    /** The frames in {@code [from, to)}: never past {@code to}, where the writer may be appending. */
    private static FrameReader frames(FileChannel ch, long from, long to) {
        return new FrameReader(new BufferedInputStream(new BoundedChannelStream(ch, from, to), 1 << 16), from);
    }
}
