package io.ferry.remotewrite.queue.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.exposition.ByteSink;
import io.ferry.recordfile.FrameReader;
import io.ferry.remotewrite.queue.SampleBatch;
import io.ferry.remotewrite.queue.internal.BatchCodec;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the queue's record payload decoder, {@link BatchCodec#decode}, and the frame reader in
 * front of it: on any bytes, decoding returns a batch or throws {@link IOException}, nothing else; a
 * decoded batch has the sample count its header says, and encodes to bytes that decode to an equal
 * batch and encode again unchanged. The bytes read as a framed file give payloads or stop, never
 * throw. Without {@code JAZZER_FUZZ} this replays the committed inputs; {@code bench/fuzz.sh queue
 * SECONDS} fuzzes it (docs/fuzzing.md).
 */
class BatchCodecFuzzTest {

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
        SampleBatch batch;
        try {
            batch = BatchCodec.decode(payload);
        } catch (IOException e) {
            return;
        }
        assertThat(BatchCodec.sampleCount(payload)).isEqualTo(batch.sampleCount());
        ByteSink once = new ByteSink(64);
        BatchCodec.encode(batch, once);
        SampleBatch again = BatchCodec.decode(once.toByteArray());
        assertThat(again).isEqualTo(batch);
        ByteSink twice = new ByteSink(64);
        BatchCodec.encode(again, twice);
        assertThat(twice.toByteArray()).isEqualTo(once.toByteArray());
    }
}
