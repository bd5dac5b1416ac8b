package io.ferry.remotewrite.queue;

import io.ferry.exposition.ByteSink;
import io.ferry.model.Labels;
import io.ferry.remotewrite.queue.internal.BatchCodec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchCodecTest {
    @Test
    void randomBatchesRoundTrip() throws Exception {
        Random r = new Random(42);
        for (int round = 0; round < 500; round++) {
            SampleBatch.Builder b = SampleBatch.builder();
            int samples = r.nextInt(50) + 1;
            for (int i = 0; i < samples; i++) {
                Labels l = Labels.of("__name__", "m" + r.nextInt(5), "v", "" + (char) ('a' + r.nextInt(26)));
                b.add(l, Double.longBitsToDouble(r.nextLong()), r.nextLong());
            }
            SampleBatch batch = b.build();
            ByteSink out = new ByteSink(64);
            BatchCodec.encode(batch, out);
            byte[] bytes = out.toByteArray();
            assertThat(BatchCodec.decode(bytes)).isEqualTo(batch);
            assertThat(BatchCodec.sampleCount(bytes)).isEqualTo(samples);
        }
    }

    /** The stored format is fixed: a seed written by hand from the documented layout decodes. */
    @Test
    void theDocumentedLayoutDecodes() throws Exception {
        byte[] seed;
        try (var in = getClass().getResourceAsStream("fuzz/BatchCodecFuzzTestInputs/fuzz/seed-two-series")) {
            seed = in.readAllBytes();
        }
        SampleBatch expected = SampleBatch.builder()
                .add(Labels.of("__name__", "up", "job", "a"), 1.0, 1000)
                .add(Labels.of("__name__", "up", "job", "a"), 1.5, 1001)
                .add(Labels.of("__name__", "temp", "room", "ü"), -2.0, 900)
                .build();
        assertThat(BatchCodec.decode(seed)).isEqualTo(expected);
        ByteSink out = new ByteSink(64);
        BatchCodec.encode(expected, out);
        assertThat(out.toByteArray()).isEqualTo(seed);
    }

    @Test
    void aSeriesLabelSetIsWrittenOncePerBatch() {
        Labels l = Labels.of("__name__", "a_rather_long_metric_name", "instance", "host-0001.example.org:9100");
        SampleBatch.Builder b = SampleBatch.builder();
        for (int i = 0; i < 100; i++) {
            b.add(l, i, 1_700_000_000_000L + 15_000L * i);
        }
        ByteSink out = new ByteSink(64);
        BatchCodec.encode(b.build(), out);
        // 8 bytes of value and a 3-byte time delta per sample, the labels once.
        assertThat(out.size()).isLessThan(100 * 11 + 100);
    }

    @Test
    void damagedPayloadsAreIOExceptionsNeverOtherFailures() throws Exception {
        ByteSink out = new ByteSink(64);
        BatchCodec.encode(DiskSampleQueueTest.batch(7), out);
        byte[] good = out.toByteArray();
        Random r = new Random(7);
        for (int round = 0; round < 5000; round++) {
            byte[] bad = Arrays.copyOf(good, r.nextInt(good.length + 8));
            for (int k = r.nextInt(4); k >= 0 && bad.length > 0; k--) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt();
            }
            try {
                BatchCodec.decode(bad);
            } catch (IOException expected) {
                // the one way to fail
            }
        }
        assertThatThrownBy(() -> BatchCodec.decode(new byte[]{9})).isInstanceOf(IOException.class)
                .hasMessageContaining("version 9");
    }
}
