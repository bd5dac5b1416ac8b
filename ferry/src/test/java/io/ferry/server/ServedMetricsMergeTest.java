package io.ferry.server;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How StatsD's families join Ferry's own before the pushed groups are merged. */
class ServedMetricsMergeTest {

    private static MetricFamily gauge(String name, String instance, double v) {
        return new MetricFamily(name, MetricType.GAUGE, "h", null,
                List.of(ValueMetric.of(Labels.of("instance", instance), v)));
    }

    @Test
    void theSameNameAndTypeMergesWithTheRegistrysSeriesWinning() {
        List<MetricFamily> merged = ServedMetrics.mergeOwn(List.of(gauge("up", "a", 1)),
                List.of(new MetricFamily("up", MetricType.GAUGE, "other help", null, List.of(
                        ValueMetric.of(Labels.of("instance", "a"), 0), ValueMetric.of(Labels.of("instance", "b"), 0)))));
        assertThat(merged).hasSize(1);
        assertThat(merged.getFirst().help()).isEqualTo("h");
        assertThat(merged.getFirst().metrics()).extracting(m -> m.labels().get("instance")).containsExactly("a", "b");
        assertThat(((ValueMetric) merged.getFirst().metrics().getFirst()).value()).isEqualTo(1);
    }

    @Test
    void anotherTypeUnderAnOwnNameIsLeftOutAndNewNamesJoin() {
        List<MetricFamily> merged = ServedMetrics.mergeOwn(List.of(gauge("ferry_x", "a", 1)), List.of(
                new MetricFamily("ferry_x", MetricType.COUNTER, "c", null, List.of(ValueMetric.of(Labels.EMPTY, 5))),
                gauge("app_y", "b", 2)));
        assertThat(merged).extracting(MetricFamily::name).containsExactly("ferry_x", "app_y");
        assertThat(merged.getFirst().type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void theSelfScrapeForwardsOnlyTheGroupsThisMemberForwards() throws Exception {
        io.ferry.state.InMemoryGroupStore store = new io.ferry.state.InMemoryGroupStore();
        for (String job : List.of("mine", "theirs")) {
            store.apply(new io.ferry.state.Mutation.Replace(Labels.of("job", job), List.of(new MetricFamily("pushed_" + job,
                    MetricType.GAUGE, null, null, List.of(ValueMetric.of(Labels.of("job", job, "instance", ""), 1)))), 1),
                    io.ferry.state.GroupStore.Check.NONE).join();
        }
        ServedMetrics served = new ServedMetrics(store, new io.ferry.telemetry.DefaultRegistry(), List::of,
                () -> store.groups().stream().filter(g -> g.key().get("job").equals("mine")).toList());
        assertThat(served.collect()).extracting(MetricFamily::name).contains("pushed_mine", "pushed_theirs");
        assertThat(served.collectForwarded()).extracting(MetricFamily::name).contains("pushed_mine")
                .doesNotContain("pushed_theirs");
    }
}
