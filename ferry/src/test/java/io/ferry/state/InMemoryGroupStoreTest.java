package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test double keeps the {@link GroupStore} contract the tests of other packages lean on. */
class InMemoryGroupStoreTest {
    private static final Labels KEY = Labels.of("job", "j");

    private final InMemoryGroupStore store = new InMemoryGroupStore();

    @Test
    void mutationsApplyAsInTheDurableStoreAndTheSeriesAreCounted() {
        store.apply(new Mutation.Replace(KEY, List.of(family("b", 2), family("a", 1)), 10), GroupStore.Check.NONE)
                .join();
        store.apply(new Mutation.Merge(KEY, List.of(family("c", 3)), 11), GroupStore.Check.NONE).join();
        Group g = store.group(KEY);
        assertThat(g.families()).extracting(MetricFamily::name).containsExactly("a", "b", "c");
        assertThat(g.familyPushTimeSeconds(0)).isEqualTo(10);
        assertThat(g.pushTimeSeconds()).isEqualTo(11);
        assertThat(store.seriesCount()).isEqualTo(6);
        store.apply(new Mutation.Delete(KEY), GroupStore.Check.NONE).join();
        assertThat(store.groups()).isEmpty();
        assertThat(store.seriesCount()).isZero();
    }

    @Test
    void theCheckSeesTheStoreAndARefusalChangesNothing() {
        store.apply(new Mutation.Failure(KEY, 5), (groups, m) -> assertThat(groups.group(KEY)).isNull()).join();
        assertThatThrownBy(store.apply(new Mutation.Wipe(), (groups, m) -> {
            throw new GroupStore.RejectedException(groups.groups().size() + " group kept");
        })::join).hasCauseInstanceOf(GroupStore.RejectedException.class).hasMessageContaining("1 group kept");
        assertThat(store.group(KEY).pushFailureTimeSeconds()).isEqualTo(5);
    }

    @Test
    void aClosedStoreRefusesWrites() {
        store.close();
        assertThat(store.healthy()).isFalse();
        assertThatThrownBy(store.apply(new Mutation.Wipe(), GroupStore.Check.NONE)::join)
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UncheckedIOException.class);
    }

    /** A family of {@code series} gauges. */
    private static MetricFamily family(String name, int series) {
        List<Metric> metrics = IntStream.range(0, series)
                .<Metric>mapToObj(i -> ValueMetric.of(Labels.of("i", Integer.toString(i)), i)).toList();
        return new MetricFamily(name, MetricType.GAUGE, null, null, metrics);
    }
}
