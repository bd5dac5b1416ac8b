package io.ferry.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MetricFamily#compacted}: the same family in columns when it fits, the family itself when not. */
class MetricFamilyCompactedTest {
    private static MetricFamily gauge(Metric... metrics) {
        return new MetricFamily("g", MetricType.GAUGE, "Help.", null, List.of(metrics));
    }

    @Test
    void plainValuesOfTheSameLabelNamesBecomeColumnsEqualToTheFamily() {
        MetricFamily f = gauge(
                ValueMetric.of(Labels.of("job", "a", "instance", "1"), 1.5),
                ValueMetric.of(Labels.of("job", "a", "instance", "2"), Double.NaN),
                ValueMetric.of(Labels.of("job", "b", "instance", "1"), -0.0),
                ValueMetric.of(Labels.of("job", "c", "instance", "ü"), StaleNaN.VALUE));

        MetricFamily c = f.compacted();

        assertThat(c).isNotSameAs(f).isEqualTo(f).hasSameHashCodeAs(f);
        assertThat(f).isEqualTo(c);
        assertThat(c.metrics()).containsExactlyElementsOf(f.metrics());
        assertThat(Double.doubleToRawLongBits(((ValueMetric) c.metrics().get(3)).value()))
                .isEqualTo(Double.doubleToRawLongBits(StaleNaN.VALUE));
        assertThat(c.metrics().get(0).labels().get("instance")).isEqualTo("1");
        assertThat(c.compacted()).isSameAs(c);
        MetricFamily sameNames = new MetricFamily(new String("g"), MetricType.GAUGE, new String("Help."), null,
                List.of(ValueMetric.of(Labels.of("job", "b", "instance", "1"), 1))).compacted();
        assertThat(sameNames.name()).isSameAs(c.name());
        assertThat(sameNames.help()).isSameAs(c.help());
        assertThat(c.withMetrics(c.metrics())).isEqualTo(f);
        assertThat(new ArrayList<>(c.metrics())).isEqualTo(f.metrics());
    }

    @Test
    void seriesWithoutLabelsToo() {
        MetricFamily f = gauge(ValueMetric.of(Labels.EMPTY, 3));
        assertThat(f.compacted()).isNotSameAs(f).isEqualTo(f);
        assertThat(f.compacted().metrics().get(0).labels()).isEqualTo(Labels.EMPTY);
    }

    @Test
    void familiesThatDoNotFitStayAsTheyAre() {
        MetricFamily otherNames = gauge(ValueMetric.of(Labels.of("a", "1"), 1), ValueMetric.of(Labels.of("b", "1"), 2));
        MetricFamily fewerNames = gauge(ValueMetric.of(Labels.of("a", "1", "b", "2"), 1), ValueMetric.of(Labels.of("a", "2"), 2));
        MetricFamily timestamped = gauge(ValueMetric.of(Labels.of("a", "1"), 1),
                new ValueMetric(Labels.of("a", "2"), 2, 1000, Double.NaN, null));
        MetricFamily created = new MetricFamily("c_total", MetricType.COUNTER, null, null,
                List.of(new ValueMetric(Labels.EMPTY, 2, Metric.NO_TIMESTAMP, 5, null)));
        MetricFamily exemplar = new MetricFamily("c_total", MetricType.COUNTER, null, null,
                List.of(new ValueMetric(Labels.EMPTY, 2, Metric.NO_TIMESTAMP, Double.NaN,
                        new Exemplar(Labels.of("trace", "x"), 1, Metric.NO_TIMESTAMP))));
        MetricFamily empty = gauge();
        MetricFamily summary = new MetricFamily("s", MetricType.SUMMARY, null, null,
                List.of(new SummaryMetric(Labels.EMPTY, new double[0], new double[0], 1, 2, Metric.NO_TIMESTAMP, Double.NaN)));
        for (MetricFamily f : List.of(otherNames, fewerNames, timestamped, created, exemplar, empty, summary)) {
            assertThat(f.compacted()).isSameAs(f);
        }
    }

    @Test
    void columnsKeepTheirShapeCheckAndBounds() {
        MetricFamily c = gauge(ValueMetric.of(Labels.of("a", "1"), 1)).compacted();
        assertThatThrownBy(() -> new MetricFamily("h", MetricType.HISTOGRAM, null, null, c.metrics()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.metrics().get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.metrics().add(ValueMetric.of(Labels.EMPTY, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMergeOfPartsHoldsTheirSeriesInOrderStably() {
        Comparator<Metric> byValue = Comparator.comparingDouble(m -> ((ValueMetric) m).value());
        MetricFamily a = gauge(ValueMetric.of(Labels.of("p", "a"), 3), ValueMetric.of(Labels.of("p", "a", "q", "1"), 1));
        MetricFamily empty = gauge();
        MetricFamily b = gauge(ValueMetric.of(Labels.of("p", "b"), 2), ValueMetric.of(Labels.of("p", "b2"), 1)).compacted();
        MetricFamily c = gauge(ValueMetric.of(Labels.of("p", "c"), 0));

        MetricFamily merged = gauge().withSeriesOf(List.of(empty, a, empty, b, empty, c, empty), byValue);

        assertThat(merged.metrics()).containsExactly(c.metrics().get(0), a.metrics().get(1), b.metrics().get(1),
                b.metrics().get(0), a.metrics().get(0));
        assertThat(merged).isEqualTo(gauge(merged.metrics().toArray(new Metric[0])));
        assertThat(merged.metrics().get(1)).isSameAs(a.metrics().get(1));
        assertThatThrownBy(() -> merged.metrics().get(5)).isInstanceOf(IndexOutOfBoundsException.class);
        MetricFamily summary = new MetricFamily("s", MetricType.SUMMARY, null, null, List.of());
        assertThatThrownBy(() -> summary.withSeriesOf(List.of(a), byValue)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMergeOfPartsAlreadyInOrderReadsThemEndToEnd() {
        Comparator<Metric> byValue = Comparator.comparingDouble(m -> ((ValueMetric) m).value());
        MetricFamily a = gauge(ValueMetric.of(Labels.of("p", "a"), 1), ValueMetric.of(Labels.of("p", "b"), 2)).compacted();
        MetricFamily b = gauge(ValueMetric.of(Labels.of("p", "c"), 2), ValueMetric.of(Labels.of("p", "d"), 3)).compacted();

        MetricFamily merged = gauge().withSeriesOf(List.of(a, gauge(), b), byValue);

        assertThat(merged.metrics()).containsExactly(a.metrics().get(0), a.metrics().get(1), b.metrics().get(0),
                b.metrics().get(1));
        assertThatThrownBy(() -> merged.metrics().get(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> merged.metrics().get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void columnsKnowWhetherTheyAreInSeriesOrderAsTheFullComparisonSays() {
        java.util.Random random = new java.util.Random(5);
        // Values that compare differently as UTF-16 units and as code points, and shared prefixes.
        String[] values = {"", "a", "ab", "b", "\uE000", "\uD83D\uDE00", "a\uE000", "a\uD83D\uDE00"};
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(5);
            Metric[] series = new Metric[n];
            for (int i = 0; i < n; i++) {
                series[i] = ValueMetric.of(Labels.of("x", values[random.nextInt(values.length)],
                        "y", values[random.nextInt(values.length)]), i);
            }
            if (random.nextBoolean()) {
                Arrays.sort(series, MetricFamily.SERIES_ORDER);
            }
            MetricFamily plain = gauge(series);
            MetricFamily columns = plain.compacted();
            assertThat(columns.metrics()).as("kept as columns").isNotInstanceOf(java.util.ArrayList.class);
            assertThat(columns.inSeriesOrder()).as("%s", plain.metrics()).isEqualTo(plain.inSeriesOrder());
        }
    }

    @Test
    void aMergeOfColumnsInSeriesOrderComparesOnlyWherePartsMeetAndStillSortsWhenTheyDoNot() {
        java.util.Random random = new java.util.Random(9);
        for (int round = 0; round < 300; round++) {
            List<MetricFamily> parts = new java.util.ArrayList<>();
            List<Metric> expected = new java.util.ArrayList<>();
            for (int p = 0; p < 1 + random.nextInt(4); p++) {
                Metric[] series = new Metric[random.nextInt(4)];
                for (int i = 0; i < series.length; i++) {
                    series[i] = ValueMetric.of(Labels.of("g", "g" + random.nextInt(3), "k", "k" + random.nextInt(3)),
                            p * 10 + i);
                }
                if (random.nextInt(3) > 0) {
                    Arrays.sort(series, MetricFamily.SERIES_ORDER);
                }
                MetricFamily part = gauge(series).compacted();
                parts.add(part);
                expected.addAll(part.metrics());
            }
            expected.sort(MetricFamily.SERIES_ORDER); // stable, as the merge
            MetricFamily merged = gauge().withSeriesOf(parts, MetricFamily.SERIES_ORDER);
            assertThat(merged.metrics()).as("parts %s", parts).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void forEachPlainVisitsTheSeriesMetricsHoldsInTheirOrderWhetherPartsMeetInOrderOrNot() {
        java.util.Random random = new java.util.Random(11);
        List<String[]> shapes = List.of(new String[]{"g", "k"}, new String[]{"g"}, new String[]{"a", "g", "k"});
        for (int round = 0; round < 300; round++) {
            List<MetricFamily> parts = new ArrayList<>();
            List<Metric> expected = new ArrayList<>();
            for (int p = 0; p < 1 + random.nextInt(4); p++) {
                String[] names = shapes.get(random.nextInt(shapes.size()));
                Metric[] series = new Metric[random.nextInt(4)];
                for (int i = 0; i < series.length; i++) {
                    String[] pairs = new String[names.length * 2];
                    for (int n = 0; n < names.length; n++) {
                        pairs[2 * n] = names[n];
                        pairs[2 * n + 1] = names[n] + random.nextInt(3);
                    }
                    series[i] = ValueMetric.of(Labels.of(pairs), p * 10 + i);
                }
                if (random.nextInt(3) > 0) {
                    Arrays.sort(series, MetricFamily.SERIES_ORDER);
                }
                MetricFamily part = gauge(series).compacted();
                parts.add(part);
                expected.addAll(part.metrics());
            }
            expected.sort(MetricFamily.SERIES_ORDER);
            MetricFamily merged = gauge().withSeriesOf(parts, MetricFamily.SERIES_ORDER);
            for (MetricFamily f : parts.size() == 1 ? List.of(merged, parts.get(0)) : List.of(merged)) {
                List<Metric> visited = new ArrayList<>();
                boolean plain = f.forEachPlain((names, values, from, value) ->
                        visited.add(ValueMetric.of(Labels.ofColumns(names, values, from), value)));
                List<Metric> all = f.metrics();
                boolean columns = f == merged
                        ? parts.stream().allMatch(part -> part.metrics().isEmpty() || part.metrics() instanceof ValueColumns)
                        : all instanceof ValueColumns;
                assertThat(plain).as("parts %s", parts).isEqualTo(columns);
                if (plain) {
                    assertThat(visited).as("parts %s", parts).containsExactlyElementsOf(f == merged ? expected : all);
                }
            }
        }
    }

    @Test
    void forEachPlainVisitsNothingUnlessEverySeriesIsHeldAsColumns() {
        MetricFamily columns = gauge(ValueMetric.of(Labels.of("a", "1"), 1)).compacted();
        MetricFamily objects = gauge(ValueMetric.of(Labels.of("a", "2"), 2),
                new ValueMetric(Labels.of("a", "3"), 3, 1000, Double.NaN, null));
        List<Metric> visited = new ArrayList<>();
        MetricFamily.PlainSeries into = (names, values, from, value) ->
                visited.add(ValueMetric.of(Labels.ofColumns(names, values, from), value));

        assertThat(objects.forEachPlain(into)).isFalse();
        assertThat(gauge().withSeriesOf(List.of(columns, objects), MetricFamily.SERIES_ORDER).forEachPlain(into)).isFalse();
        assertThat(visited).isEmpty();
        assertThat(columns.forEachPlain(into)).isTrue();
        assertThat(visited).containsExactly(ValueMetric.of(Labels.of("a", "1"), 1));
    }
}
