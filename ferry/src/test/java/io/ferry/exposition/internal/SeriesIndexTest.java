package io.ferry.exposition.internal;

import io.ferry.exposition.internal.FamilyAssembler.Family;
import io.ferry.exposition.internal.FamilyAssembler.Point;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesIndexTest {

    @Test
    void findsEachPointByFamilyLabelsAndTimestampThroughGrowthAndClear() {
        SeriesIndex index = new SeriesIndex();
        Family a = new Family("a", 1, 0);
        Family b = new Family("b", 2, 1);
        for (int round = 0; round < 2; round++) {
            List<Point> added = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                Labels l = Labels.of("i", Integer.toString(i));
                for (Family f : List.of(a, b)) {
                    for (long ts : new long[] {Metric.NO_TIMESTAMP, 1_000 + i}) {
                        assertThat(index.get(f, l, ts)).isNull();
                        Point p = new Point(f, l, ts, i, 0);
                        index.putNew(p);
                        added.add(p);
                    }
                }
            }
            for (Point p : added) {
                // An equal label set, not the same instance, finds it.
                Labels copy = Labels.of("i", p.labels.value(0));
                assertThat(index.get(p.family, copy, p.ts)).isSameAs(p);
            }
            assertThat(index.get(a, Labels.of("i", "1000"), Metric.NO_TIMESTAMP)).isNull();
            assertThat(index.get(a, Labels.EMPTY, Metric.NO_TIMESTAMP)).isNull();
            index.clear();
            assertThat(index.get(a, Labels.of("i", "1"), Metric.NO_TIMESTAMP)).isNull();
        }
    }

    @Test
    void keepsItsArraysAcrossBodiesOnlyUpToABound() {
        SeriesIndex index = new SeriesIndex();
        Family f = new Family("f", 1, 0);
        for (int i = 0; i < SeriesIndex.MAX_KEPT_CAPACITY; i++) {
            index.putNew(new Point(f, Labels.of("i", Integer.toString(i)), Metric.NO_TIMESTAMP, i, 0));
        }
        assertThat(index.capacity()).isGreaterThan(SeriesIndex.MAX_KEPT_CAPACITY);
        index.clear();
        assertThat(index.capacity()).isEqualTo(SeriesIndex.MAX_KEPT_CAPACITY);
        assertThat(index.get(f, Labels.of("i", "1"), Metric.NO_TIMESTAMP)).isNull();
        Point p = new Point(f, Labels.of("i", "1"), Metric.NO_TIMESTAMP, 1, 0);
        index.putNew(p);
        assertThat(index.get(f, Labels.of("i", "1"), Metric.NO_TIMESTAMP)).isSameAs(p);
    }
}
