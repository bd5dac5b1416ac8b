package io.ferry.telemetry;

import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultRegistryTest {

    private static MetricFamily family(String name, String help) {
        return new MetricFamily(name, MetricType.GAUGE, help, null, List.of());
    }

    @Test
    void collectsEveryCollectorSortedByName() {
        Registry r = new DefaultRegistry();
        r.register(() -> List.of(family("b", "b"), family("d", "d")));
        r.register(() -> List.of(family("a", "a")));
        r.counter("c_total", "c");
        assertThat(r.collect()).extracting(MetricFamily::name).containsExactly("a", "b", "c_total", "d");
    }

    @Test
    void keepsTheFirstOfDuplicateNames() {
        Registry r = new DefaultRegistry();
        r.register(() -> List.of(family("x", "first")));
        r.register(() -> List.of(family("x", "second")));
        assertThat(r.collect()).extracting(MetricFamily::help).containsExactly("first");
    }

    @Test
    void skipsAFailingCollector() {
        Registry r = new DefaultRegistry();
        r.register(() -> {
            throw new IllegalStateException("broken");
        });
        r.register(() -> List.of(family("ok", "ok")));
        assertThat(r.collect()).extracting(MetricFamily::name).containsExactly("ok");
    }

    @Test
    void rejectsRegisteringTwice() {
        Registry r = new DefaultRegistry();
        Collector c = List::of;
        r.register(c);
        assertThatThrownBy(() -> r.register(c)).isInstanceOf(IllegalArgumentException.class);
    }
}
