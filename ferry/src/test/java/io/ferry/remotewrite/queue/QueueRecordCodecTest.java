package io.ferry.remotewrite.queue;

import io.ferry.wire.ByteSink;
import io.ferry.remotewrite.queue.internal.QueueRecordCodec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueRecordCodecTest {

    @Test
    void randomRecordsRoundTrip() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            QueueRecord r = new QueueRecord(body, 1 + random.nextInt(Integer.MAX_VALUE), random.nextLong(), random.nextLong());
            ByteSink out = new ByteSink(16);
            QueueRecordCodec.encode(r, out);
            byte[] payload = out.toByteArray();
            assertThat(QueueRecordCodec.decode(payload)).isEqualTo(r);
            assertThat(QueueRecordCodec.sampleCount(payload)).isEqualTo(r.sampleCount());
        }
    }

    /** Pins the stored layout: a change here makes queues written by an earlier Ferry unreadable. */
    @Test
    void theDocumentedLayoutDecodes() throws Exception {
        // version 2 | 300 samples (ac 02) | key 0x0102030405060708 | newest -2 (zig-zag 3) | 3 bytes | "abc"
        byte[] payload = HexFormat.of().parseHex("02" + "ac02" + "0102030405060708" + "03" + "03" + "616263");
        QueueRecord r = QueueRecordCodec.decode(payload);
        assertThat(r).isEqualTo(new QueueRecord("abc".getBytes(), 300, 0x0102030405060708L, -2));
        ByteSink again = new ByteSink(16);
        QueueRecordCodec.encode(r, again);
        assertThat(again.toByteArray()).isEqualTo(payload);
    }

    @Test
    void damagedPayloadsAreIOExceptions() {
        assertThatThrownBy(() -> QueueRecordCodec.decode(HexFormat.of().parseHex("01020304")))
                .isInstanceOf(IOException.class).hasMessageContaining("version 1");
        assertThatThrownBy(() -> QueueRecordCodec.decode(HexFormat.of().parseHex("0201")))
                .isInstanceOf(IOException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> QueueRecordCodec.decode(HexFormat.of().parseHex("0201" + "0000000000000000" + "00" + "05" + "61")))
                .isInstanceOf(IOException.class).hasMessageContaining("body of 5 bytes");
        assertThatThrownBy(() -> QueueRecordCodec.decode(HexFormat.of().parseHex("0200" + "0000000000000000" + "00" + "00")))
                .isInstanceOf(IOException.class).hasMessageContaining("0 samples");
        assertThatThrownBy(() -> QueueRecordCodec.decode(new byte[0])).isInstanceOf(IOException.class);
    }
}
