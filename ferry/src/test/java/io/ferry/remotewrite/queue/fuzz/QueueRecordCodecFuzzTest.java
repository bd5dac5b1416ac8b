package io.ferry.remotewrite.queue.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.wire.ByteSink;
import io.ferry.recordfile.FrameReader;
import io.ferry.remotewrite.queue.QueueRecord;
import io.ferry.remotewrite.queue.internal.QueueRecordCodec;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the queue's record payload decoder, {@link QueueRecordCodec#decode}, and the frame reader in
 * front of it: on any bytes, decoding returns a record or throws {@link IOException}, nothing else; a
 * decoded record has the sample count its header says, and encodes to the very bytes it came from.
 * The bytes read as a framed file give payloads or stop, never throw. Without {@code JAZZER_FUZZ}
 * this replays the committed inputs (those from the earlier batch layout now exercise the refusal
 * of an unknown version); {@code bench/fuzz.sh queue SECONDS} fuzzes it (docs/fuzzing.md).
 */
class QueueRecordCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) throws IOException {
        check(data);
        FrameReader frames = new FrameReader(new ByteArrayInputStream(data), 0);
        for (byte[] payload; (payload = frames.next()) != null; ) {
            check(payload);
        }
        assertThat(frames.position()).isBetween(0L, (long) data.length);
    }

    private static void check(byte[] payload) throws IOException {
        QueueRecord record;
        try {
            record = QueueRecordCodec.decode(payload);
        } catch (IOException e) {
            return;
        }
        assertThat(QueueRecordCodec.sampleCount(payload)).isEqualTo(record.sampleCount());
        ByteSink once = new ByteSink(64);
        QueueRecordCodec.encode(record, once);
        assertThat(QueueRecordCodec.decode(once.toByteArray())).isEqualTo(record);
        // Varints are minimal when written; a decoded record re-encodes to the same bytes unless the
        // input used a longer varint than needed, which decoding accepts.
        if (once.size() == payload.length) {
            assertThat(once.toByteArray()).isEqualTo(payload);
        }
    }
}
