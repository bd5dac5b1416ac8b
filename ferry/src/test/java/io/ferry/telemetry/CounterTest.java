package io.ferry.telemetry;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterTest {

    @Test
    void unlabelledStartsAtZero() {
        Counter c = new Counter("ferry_things_total", "Things.");
        assertThat(c.collect()).containsExactly(new MetricFamily("ferry_things_total", MetricType.COUNTER, "Things.",
                null, List.of(ValueMetric.of(Labels.EMPTY, 0))));
        c.inc();
        c.labels().inc(2.5);
        assertThat(((ValueMetric) c.collect().getFirst().metrics().getFirst()).value()).isEqualTo(3.5);
    }

    @Test
    void labelledSeriesAppearOnUseSortedByValues() {
        Counter c = new Counter("ferry_requests_total", "Requests.", "handler", "code");
        assertThat(c.collect().getFirst().metrics()).isEmpty();
        c.labels("push", "500").inc();
        c.labels("metrics", "200").inc();
        c.labels("push", "200").inc();
        c.labels("push", "200").inc();
        assertThat(c.collect().getFirst().metrics()).containsExactly(
                ValueMetric.of(Labels.of("handler", "metrics", "code", "200"), 1),
                ValueMetric.of(Labels.of("handler", "push", "code", "200"), 2),
                ValueMetric.of(Labels.of("handler", "push", "code", "500"), 1));
    }

    @Test
    void rejectsMisuse() {
        assertThatThrownBy(() -> new Counter("ferry_things", "no suffix")).hasMessageContaining("_total");
        assertThatThrownBy(() -> new Counter("ferry_x_total", "h", "__reserved")).hasMessageContaining("reserved");
        Counter c = new Counter("ferry_x_total", "h", "a");
        assertThatThrownBy(() -> c.labels("1", "2")).hasMessageContaining("expected 1 label values");
        assertThatThrownBy(() -> c.labels("1").inc(-1)).hasMessageContaining("only increase");
    }

    @Test
    void countsEveryIncrementUnderContention() throws Exception {
        Counter c = new Counter("ferry_x_total", "h", "a");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        c.labels(i % 2 == 0 ? "even" : "odd").inc();
                    }
                });
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(c.labels("even").value() + c.labels("odd").value()).isEqualTo(40_000);
    }
}
