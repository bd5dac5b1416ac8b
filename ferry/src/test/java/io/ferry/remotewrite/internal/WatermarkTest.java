package io.ferry.remotewrite.internal;

import io.ferry.remotewrite.queue.QueuePosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatermarkTest {

    @Test
    void deliveredIsTheEndOfTheLongestPrefixAllDone() throws Exception {
        Watermark w = new Watermark(new QueuePosition(1, 10));
        Watermark.Entry a = w.add(new QueuePosition(1, 20), 5);
        Watermark.Entry b = w.add(new QueuePosition(1, 30), 7);
        Watermark.Entry c = w.add(new QueuePosition(2, 0), 1);
        assertThat(w.inFlightSamples()).isEqualTo(13);

        w.done(b); // a later shard finished first: nothing before a may be acknowledged yet
        assertThat(w.delivered()).isEqualTo(new QueuePosition(1, 10));
        w.done(c);
        assertThat(w.delivered()).isEqualTo(new QueuePosition(1, 10));
        assertThat(w.awaitEmpty(0)).isFalse();

        w.done(a); // the head is done: the whole prefix is
        assertThat(w.delivered()).isEqualTo(new QueuePosition(2, 0));
        assertThat(w.inFlightSamples()).isZero();
        assertThat(w.awaitEmpty(0)).isTrue();

        w.done(a); // twice changes nothing
        assertThat(w.inFlightSamples()).isZero();
    }
}
