package io.ferry.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsTest {

    @Test
    void withDefaultsAddsWhatIsAbsentOrEmptyAndNoEmptyDefault() {
        Labels series = Labels.of("a", "1", "b", "");
        assertThat(series.withDefaults(Labels.of("a", "x", "b", "y", "c", "z", "d", ""))).isEqualTo(Labels.of("a", "1", "b", "y", "c", "z"));
        assertThat(series.withDefaults(Labels.of("a", "x"))).isSameAs(series);
    }

    @Test
    void keepsPairsSortedByNameWhateverTheInputOrder() {
        Labels l = Labels.of("job", "a", "instance", "b", "env", "c");
        assertThat(l.toString()).isEqualTo("{env=\"c\",instance=\"b\",job=\"a\"}");
        assertThat(l.get("instance")).isEqualTo("b");
        assertThat(l.get("missing")).isNull();
        assertThat(l).isEqualTo(Labels.of(Map.of("env", "c", "job", "a", "instance", "b")));
        assertThat(l.hashCode()).isEqualTo(Labels.of("env", "c", "instance", "b", "job", "a").hashCode());
    }

    @Test
    void refusesARepeatedName() {
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessage("duplicate label name \"a\"");
        Labels.Builder b = Labels.builder();
        assertThat(b.tryAdd("a", "1")).isTrue();
        assertThat(b.tryAdd("a", "2")).isFalse();
        assertThat(b.build()).isEqualTo(Labels.of("a", "1"));
    }

    @Test
    void withAndWithoutReturnNewSetsAndLeaveTheOriginal() {
        Labels l = Labels.of("b", "2");
        assertThat(l.with("a", "1")).isEqualTo(Labels.of("a", "1", "b", "2"));
        assertThat(l.with("c", "3")).isEqualTo(Labels.of("b", "2", "c", "3"));
        assertThat(l.with("b", "9")).isEqualTo(Labels.of("b", "9"));
        assertThat(l.with("b", "2")).isSameAs(l);
        assertThat(l.with("a", "1").without("b")).isEqualTo(Labels.of("a", "1"));
        assertThat(l.without("z")).isSameAs(l);
        assertThat(l).isEqualTo(Labels.of("b", "2"));
    }

    @Test
    void builderComparesWithoutBuildingAndIsReusable() {
        Labels.Builder b = Labels.builder();
        b.add("x", "1").add("a", "2");
        assertThat(b.sameAs(Labels.of("a", "2", "x", "1"))).isTrue();
        assertThat(b.sameAs(Labels.of("a", "2"))).isFalse();
        b.clear();
        assertThat(b.size()).isZero();
        assertThat(b.build()).isSameAs(Labels.EMPTY);
        b.add("y", "3");
        assertThat(b.build()).isEqualTo(Labels.of("y", "3"));
    }

    @Test
    void ordersLikeClientGolangByLengthThenValuesThenNames() {
        List<Labels> sets = new ArrayList<>(List.of(Labels.of("a", "2"), Labels.of("a", "1", "b", "1"),
                Labels.of("a", "1"), Labels.EMPTY, Labels.of("b", "1"), Labels.of("a", "\uE000"),
                Labels.of("a", "\uD83D\uDE00")));
        sets.sort(null);
        assertThat(sets).containsExactly(Labels.EMPTY, Labels.of("a", "1"), Labels.of("b", "1"), Labels.of("a", "2"),
                Labels.of("a", "\uE000"), Labels.of("a", "\uD83D\uDE00"), Labels.of("a", "1", "b", "1"));
    }

    @Test
    void validatesNamesByTheLegacyRules() {
        assertThat(MetricNames.isValidMetricName("http_requests_total")).isTrue();
        assertThat(MetricNames.isValidMetricName("job:rate5m")).isTrue();
        assertThat(MetricNames.isValidMetricName("0abc")).isFalse();
        assertThat(MetricNames.isValidMetricName("a.b")).isFalse();
        assertThat(MetricNames.isValidMetricName("")).isFalse();
        assertThat(MetricNames.isValidLabelName("a:b")).isFalse();
        assertThat(MetricNames.isValidLabelName("_x9")).isTrue();
        assertThat(MetricNames.isReservedLabelName("__name__")).isTrue();
        assertThat(MetricNames.isReservedLabelName("_x")).isFalse();
        assertThatThrownBy(() -> MetricNames.checkLabelName("__meta"))
                .hasMessage("label name \"__meta\" is reserved (it starts with __)");
        assertThatThrownBy(() -> MetricNames.checkMetricName("1x")).hasMessage("invalid metric name \"1x\"");
    }

    @Test
    void familiesRefuseMetricsOfTheWrongShape() {
        assertThatThrownBy(() -> new MetricFamily("h", MetricType.HISTOGRAM, null, null,
                List.of(ValueMetric.of(Labels.EMPTY, 1))))
                .hasMessage("family h of type HISTOGRAM cannot hold ValueMetric");
    }

    @Test
    void withAllIsWithForEachOfTheOtherLabelsInOneStep() {
        java.util.Random random = new java.util.Random(3);
        String[] names = {"a", "instance", "job", "kind", "z"};
        for (int round = 0; round < 500; round++) {
            Labels mine = randomLabels(random, names);
            Labels other = randomLabels(random, names);
            Labels expected = mine;
            for (int i = 0; i < other.size(); i++) {
                expected = expected.with(other.name(i), other.value(i));
            }
            Labels all = mine.withAll(other);
            assertThat(all).as("%s with all of %s", mine, other).isEqualTo(expected);
            if (expected == mine) {
                assertThat(all).as("nothing added or changed").isSameAs(mine);
            }
        }
    }

    private static Labels randomLabels(java.util.Random random, String[] names) {
        Labels.Builder b = Labels.builder();
        for (String n : names) {
            if (random.nextInt(3) == 0) {
                b.tryAdd(n, "v" + random.nextInt(2));
            }
        }
        return b.build();
    }
}
