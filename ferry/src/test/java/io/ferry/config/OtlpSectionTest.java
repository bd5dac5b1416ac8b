package io.ferry.config;

import io.ferry.otlp.OtlpOptions;
import io.ferry.otlp.convert.DeltaPolicy;
import io.ferry.otlp.convert.TranslationStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpSectionTest {

    private static OtlpOptions parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yml").otlp();
    }

    @Test
    void defaultsListenWhereSdksSend() throws Exception {
        OtlpOptions d = parse("");
        assertThat(d).isEqualTo(OtlpOptions.DEFAULTS);
        assertThat(d.httpListenAddress()).isEqualTo(":4318");
        assertThat(d.grpcListenAddress()).isEqualTo(":4317");
        assertThat(d.maxRequestBytes()).isEqualTo(64L << 20);
    }

    @Test
    void readsEveryKey() throws Exception {
        OtlpOptions o = parse("""
                otlp:
                  http_listen_address: ""
                  grpc_listen_address: 127.0.0.1:14317
                  max_request_bytes: 8MiB
                  max_bytes_in_flight: 32MiB
                  max_points_in_flight: 1000
                  retry_after: 3s
                  max_delta_streams: 50
                  translation_strategy: UnderscoreEscapingWithoutSuffixes
                  promote_resource_attributes: [k8s.namespace.name]
                  keep_identifying_resource_attributes: true
                  promote_scope_metadata: false
                  target_info: false
                  delta_temporality: reject
                  liveness: {every: 30s, grace: 5s, max_producers: 7}
                """);
        assertThat(o.httpListenAddress()).isEmpty();
        assertThat(o.grpcListenAddress()).isEqualTo("127.0.0.1:14317");
        assertThat(o.maxRequestBytes()).isEqualTo(8L << 20);
        assertThat(o.maxBytesInFlight()).isEqualTo(32L << 20);
        assertThat(o.maxPointsInFlight()).isEqualTo(1000);
        assertThat(o.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.maxDeltaStreams()).isEqualTo(50);
        assertThat(o.conversion().strategy()).isEqualTo(TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES);
        assertThat(o.conversion().promoteResourceAttributes()).isEqualTo(List.of("k8s.namespace.name"));
        assertThat(o.conversion().keepIdentifyingResourceAttributes()).isTrue();
        assertThat(o.conversion().scopeLabels()).isFalse();
        assertThat(o.conversion().targetInfo()).isFalse();
        assertThat(o.conversion().deltas()).isEqualTo(DeltaPolicy.REJECT);
        assertThat(o.liveness()).isEqualTo(new OtlpOptions.Liveness(true, Optional.of(Duration.ofSeconds(30)),
                Duration.ofSeconds(5), 7));
    }

    @Test
    void refusesWhatFerryCannotDoWithTheLine() {
        assertThatThrownBy(() -> parse("otlp:\n  translation_strategy: NoTranslation\n"))
                .hasMessageContaining("ferry.yml:2: otlp.translation_strategy").hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> parse("otlp:\n  translation_strategy: Escaped\n"))
                .hasMessageContaining("unknown translation strategy \"Escaped\"");
        assertThatThrownBy(() -> parse("otlp:\n  grpc_listen_address: nowhere\n"))
                .hasMessageContaining("ferry.yml:2: otlp.grpc_listen_address");
        assertThatThrownBy(() -> parse("otlp:\n  delta_temporality: sometimes\n"))
                .hasMessageContaining("must be accumulate or reject");
        assertThatThrownBy(() -> parse("otlp:\n  max_points_in_flight: 0\n")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> parse("otlp:\n  listen: :4318\n")).hasMessageContaining("unknown key \"listen\"");
    }
}
