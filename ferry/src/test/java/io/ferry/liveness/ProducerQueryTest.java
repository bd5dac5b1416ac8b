package io.ferry.liveness;

import io.ferry.model.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerQueryTest {
    private static ProducerView view(Route route, String job, String instance, Health health) {
        return new ProducerView(route, Labels.of("job", job, "instance", instance), health, "", 0, "",
                OptionalDouble.empty(), Duration.ZERO, false, false, List.of(), List.of());
    }

    private static final List<ProducerView> ALL = List.of(
            view(Route.SCRAPE, "node", "a:9100", Health.UP),
            view(Route.SCRAPE, "node", "b:9100", Health.DOWN),
            view(Route.PUSH, "backup", "nas", Health.OVERDUE),
            view(Route.PUSH, "report", "", Health.UNKNOWN),
            view(Route.STATSD, "statsd", "10.0.0.7", Health.DOWN));

    private static ProducerQuery parse(Map<String, List<String>> params) {
        return ProducerQuery.parse(name -> params.getOrDefault(name, List.of()));
    }

    private static List<String> instances(ProducerQuery q) {
        return q.apply(ALL, Set.of()).producers().stream().map(ProducerView::instance).toList();
    }

    @Test
    void downFirstThenOverdueUnknownUpThenRouteThenLabels() {
        assertThat(instances(ProducerQuery.ALL)).containsExactly("b:9100", "10.0.0.7", "nas", "", "a:9100");
    }

    @Test
    void filtersByRouteHealthJobAndText() {
        assertThat(instances(parse(Map.of("route", List.of("push", "STATSD"))))).containsExactly("10.0.0.7", "nas", "");
        assertThat(instances(parse(Map.of("health", List.of("down", "up"))))).containsExactly("b:9100", "10.0.0.7", "a:9100");
        assertThat(instances(parse(Map.of("job", List.of("node"))))).containsExactly("b:9100", "a:9100");
        assertThat(instances(parse(Map.of("q", List.of("9100"), "health", List.of("up"))))).containsExactly("a:9100");
        assertThat(instances(parse(Map.of("q", List.of("bac"))))).containsExactly("nas");
    }

    @Test
    void countsAreBeforeTheFiltersAndTheLimitCuts() {
        ProducerQuery.Answer a = parse(Map.of("limit", List.of("2"), "route", List.of("scrape")))
                .apply(ALL, Set.of(Route.TUNNEL));
        assertThat(a.producers()).hasSize(2);
        assertThat(a.truncated()).isFalse();
        assertThat(a.counts().get(Route.PUSH)).containsEntry(Health.OVERDUE, 1).containsEntry(Health.UNKNOWN, 1)
                .containsEntry(Health.UP, 0);
        assertThat(a.counts().get(Route.TUNNEL)).containsEntry(Health.UP, 0);
        assertThat(a.counts().keySet()).containsExactly(Route.SCRAPE, Route.PUSH, Route.TUNNEL, Route.STATSD);
        ProducerQuery.Answer cut = parse(Map.of("limit", List.of("1"))).apply(ALL, Set.of());
        assertThat(cut.producers()).extracting(ProducerView::instance).containsExactly("b:9100");
        assertThat(cut.truncated()).isTrue();
    }

    @Test
    void aBadParameterIsNamed() {
        assertThatThrownBy(() -> parse(Map.of("route", List.of("carrier-pigeon"))))
                .isInstanceOf(ProducerQuery.BadParameter.class).hasMessageContaining("\"route\"");
        assertThatThrownBy(() -> parse(Map.of("health", List.of("sick"))))
                .isInstanceOf(ProducerQuery.BadParameter.class).hasMessageContaining("\"health\"");
        for (String limit : List.of("0", "10001", "-1", "ten", "")) {
            assertThatThrownBy(() -> parse(Map.of("limit", List.of(limit))))
                    .isInstanceOf(ProducerQuery.BadParameter.class).hasMessageContaining("\"limit\"");
        }
        assertThat(parse(Map.of("limit", List.of("10000"))).limit()).isEqualTo(10_000);
        assertThat(parse(Map.of()).limit()).isEqualTo(ProducerQuery.DEFAULT_LIMIT);
    }
}
