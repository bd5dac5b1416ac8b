package io.ferry.scrape.internal;

import io.ferry.model.LabelFields;
import io.ferry.model.Labels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesSetTest {
    @Test
    void aSeriesIsThereOncePerTimestampWhereverItsBytesLie() {
        byte[] one = LabelFields.of(Labels.of("__name__", "m", "pod", "a"));
        byte[] shifted = new byte[one.length + 7];
        System.arraycopy(one, 0, shifted, 7, one.length);
        SeriesSet set = new SeriesSet(0);
        assertThat(set.add(one, 0, one.length, 1000)).isTrue();
        assertThat(set.add(shifted, 7, one.length, 1000)).isFalse();
        assertThat(set.add(shifted, 7, one.length, 2000)).isTrue();
        assertThat(set.add(one, 0, one.length - 1, 1000)).isTrue(); // other bytes: another series
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void growsPastItsFirstSizeAndKeepsEverySeries() {
        SeriesSet set = new SeriesSet(4);
        byte[][] series = new byte[5000][];
        for (int i = 0; i < series.length; i++) {
            series[i] = LabelFields.of(Labels.of("__name__", "m", "i", Integer.toString(i)));
            assertThat(set.add(series[i], 0, series[i].length, 1)).isTrue();
        }
        for (byte[] s : series) {
            assertThat(set.add(s, 0, s.length, 1)).isFalse();
        }
        assertThat(set.size()).isEqualTo(5000);
    }
}
