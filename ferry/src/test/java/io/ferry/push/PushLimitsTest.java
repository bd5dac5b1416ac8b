package io.ferry.push;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-push limits on their own; PushServiceTest has them through the service and the store. */
class PushLimitsTest {
    private static final PushLimits LIMITS = new PushLimits(3, 4, 8, 10, 100, 1000);

    private static MetricFamily gauge(String name, Labels... series) {
        List<io.ferry.model.Metric> metrics = new ArrayList<>();
        for (Labels l : series) {
            metrics.add(ValueMetric.of(l, 1));
        }
        return new MetricFamily(name, MetricType.GAUGE, null, null, metrics);
    }

    @Test
    void withinEveryLimitPasses() throws Exception {
        LIMITS.check(List.of(gauge("a", Labels.of("job", "j", "instance", "", "k", "0123456789")),
                gauge("b", Labels.of("job", "j"), Labels.of("job", "k"))));
    }

    @Test
    void seriesCountAcrossFamilies() {
        assertThatThrownBy(() -> LIMITS.check(List.of(gauge("a", Labels.of("x", "1"), Labels.of("x", "2")),
                gauge("b", Labels.of("x", "1"), Labels.of("x", "2")))))
                .isInstanceOfSatisfying(PushException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.limit()).isEqualTo("max_series_per_push");
                    assertThat(e.getMessage()).isEqualTo(
                            "push refused: 4 series in one push, over the limit of 3 (push.limits.max_series_per_push)");
                });
    }

    @Test
    void labelsPerSeries() {
        assertThatThrownBy(() -> LIMITS.check(List.of(gauge("a", Labels.of("a", "", "b", "", "c", "", "d", "", "e", "")))))
                .hasMessage("push refused: a series of a has 5 labels, over the limit of 4 "
                        + "(push.limits.max_labels_per_series)");
    }

    @Test
    void labelNameLength() {
        assertThatThrownBy(() -> LIMITS.check(List.of(gauge("a", Labels.of("abcdefghi", "v")))))
                .hasMessage("push refused: label name \"abcdefghi\" of a is 9 bytes long, over the limit of 8 "
                        + "(push.limits.max_label_name_length)");
    }

    @Test
    void labelNameLengthCountsUtf8Bytes() {
        assertThatThrownBy(() -> LIMITS.check(List.of(gauge("a", Labels.of("ééééé", "v")))))
                .hasMessage("push refused: label name \"ééééé\" of a is 10 bytes long, over the limit of 8 "
                        + "(push.limits.max_label_name_length)");
    }

    @Test
    void labelValueLengthCountsUtf8Bytes() throws Exception {
        LIMITS.check(List.of(gauge("a", Labels.of("k", "ééééé")))); // 10 bytes
        assertThatThrownBy(() -> LIMITS.check(List.of(gauge("a", Labels.of("k", "éééééa")))))
                .hasMessage("push refused: the value of label k of a is 11 bytes long, over the limit of 10 bytes "
                        + "(push.limits.max_label_value_length)");
        assertThatThrownBy(() -> LIMITS.check(List.of(gauge("a", Labels.of("k", "x".repeat(5000))))))
                .hasMessage("push refused: the value of label k of a is 5000 characters long, over the limit of 10 "
                        + "bytes (push.limits.max_label_value_length)");
    }

    /** Three-byte chars: a string few chars long can still pass a limit in bytes, and must be measured. */
    @Test
    void shortStringsOfWideCharsAreMeasured() throws Exception {
        LIMITS.check(List.of(gauge("a", Labels.of("€€", "€€€")))); // 6 and 9 bytes
        assertThatThrownBy(() -> LIMITS.check(List.of(gauge("a", Labels.of("€€€", "v")))))
                .hasMessage("push refused: label name \"€€€\" of a is 9 bytes long, over the limit of 8 "
                        + "(push.limits.max_label_name_length)");
        assertThatThrownBy(() -> LIMITS.check(List.of(gauge("a", Labels.of("k", "€€€€")))))
                .hasMessage("push refused: the value of label k of a is 12 bytes long, over the limit of 10 bytes "
                        + "(push.limits.max_label_value_length)");
    }
}
