package io.ferry.scrape.internal;

import io.ferry.model.LabelFields;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.SampleAppender;
import io.ferry.model.StaleNaN;
import io.ferry.model.ValueMetric;
import io.ferry.relabel.Relabeler;
import io.ferry.scrape.ScrapeLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesCacheTest {
    private final SeriesLabeler labeler = new SeriesLabeler(new TargetLabels(Labels.of("job", "j"), false),
            Relabeler.of(List.of()), new ScrapeLimitCheck(ScrapeLimits.NONE));
    private final MetricKey key = new MetricKey();
    private final List<String> stale = new ArrayList<>();
    private final SampleAppender app = new SampleAppender() {
        @Override
        public void append(Labels series, long timestampMs, double value) {
            assertThat(StaleNaN.is(value)).isTrue();
            stale.add(series.get("i"));
        }

        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    private static Metric metric(int i) {
        return ValueMetric.of(Labels.of("i", Integer.toString(i)), 1);
    }

    /** One scrape of metrics {@code from .. to)} of family m; returns how many were new. */
    private int scrape(SeriesCache cache, int from, int to) {
        cache.beginScrape();
        int added = 0;
        for (int i = from; i < to; i++) {
            Metric m = metric(i);
            MetricSeries s = cache.get(key.set("m", m.labels()), m, false);
            if (s == null) {
                cache.put(s = labeler.label(key, "m", false, m, false), 0, app);
                added++;
            }
            cache.seen(s, false);
        }
        cache.endScrape(0, app);
        cache.stored();
        return added;
    }

    @Test
    void findsEveryMetricAgainAcrossGrowthAndForgetsThoseAScrapeLacked() {
        SeriesCache cache = new SeriesCache();
        assertThat(scrape(cache, 0, 3000)).isEqualTo(3000);
        assertThat(scrape(cache, 0, 3000)).isZero();
        assertThat(cache.size()).isEqualTo(3000);

        // Half go: each ends once, and the rest are still found (probe chains mended).
        assertThat(scrape(cache, 1500, 3000)).isZero();
        assertThat(stale).hasSize(1500);
        Set<String> ended = new HashSet<>(stale);
        assertThat(ended).hasSize(1500).contains("0", "1499").doesNotContain("1500");
        assertThat(cache.size()).isEqualTo(1500);
        assertThat(scrape(cache, 1500, 3000)).isZero();
        assertThat(scrape(cache, 0, 10)).isEqualTo(10);
        assertThat(stale).hasSize(3000);
    }

    @Test
    void keepsTheKeyAndTheSeriesLabelFieldsInOneArray() {
        Metric m = metric(7);
        MetricSeries s = labeler.label(key.set("m", m.labels()), "m", false, m, false);
        assertThat(s.size()).isEqualTo(1);
        assertThat(LabelFields.decode(s.data, s.start(0), s.length(0)))
                .isEqualTo(Labels.of("__name__", "m", "i", "7", "job", "j"));
        assertThat(s.start(0)).isEqualTo(4 + key.length()); // after the key and its length
        assertThat(s.start(0) + s.length(0)).isEqualTo(s.data.length);
    }

    @Test
    void aHistogramsSeriesFollowOneAnotherAfterALongKey() {
        Labels own = Labels.of("path", "x".repeat(300));
        Metric h = io.ferry.model.HistogramMetric.of(own, new double[] {0.5, Double.POSITIVE_INFINITY},
                new double[] {1, 2}, 3, 2);
        MetricSeries s = labeler.label(key.set("h", own), "h", false, h, false);
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.is(key)).isTrue();
        assertThat(s.is(new MetricKey().set("h", Labels.of("path", "y")))).isFalse();
        java.util.List<String> names = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            Labels l = LabelFields.decode(s.data, s.start(i), s.length(i));
            names.add(l.get("__name__") + (l.get("le") == null ? "" : "{le=" + l.get("le") + "}"));
        }
        assertThat(names).containsExactly("h_bucket{le=0.5}", "h_bucket{le=+Inf}", "h_sum", "h_count");
        assertThat(s.start(3) + s.length(3)).isEqualTo(s.data.length);
    }

    @Test
    void keysTellMetricsApartWhereTheirStringsWouldRunTogether() {
        MetricKey a = new MetricKey().set("ab", Labels.of("c", "d"));
        byte[] aBytes = new byte[a.length() + 2];
        a.copyTo(aBytes, 2);
        int end = aBytes.length;
        assertThat(new MetricKey().set("a", Labels.of("bc", "d")).matches(aBytes, 2, end)).isFalse();
        assertThat(new MetricKey().set("ab", Labels.of("c", "d")).matches(aBytes, 2, end)).isTrue();
        assertThat(new MetricKey().set("ab", Labels.of("c", "d", "e", "")).matches(aBytes, 2, end)).isFalse();
        assertThat(new MetricKey().set("ü", Labels.EMPTY).length()).isEqualTo(3);
    }
}
