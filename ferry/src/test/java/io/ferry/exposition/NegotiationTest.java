package io.ferry.exposition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NegotiationTest {

    @Test
    void prometheusDefaultHeaderGetsOpenMetrics() {
        assertThat(Negotiation.choose("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2")).isEqualTo(ExpositionFormat.OPENMETRICS);
    }

    @Test
    void withoutOpenMetricsPrometheusDefaultHeaderGetsText() {
        String prometheus2 = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assertThat(Negotiation.choose(prometheus2, false)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(Negotiation.choose("application/openmetrics-text;version=1.0.0", false))
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(Negotiation.choose(prometheus2, true)).isEqualTo(ExpositionFormat.OPENMETRICS);
    }

    @Test
    void prometheusProtoFirstHeaderGetsProtobuf() {
        assertThat(Negotiation.choose("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
                + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1")).isEqualTo(ExpositionFormat.PROTOBUF);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|PROMETHEUS_TEXT",
            "text/plain|PROMETHEUS_TEXT",
            "*/*|PROMETHEUS_TEXT",
            "application/json|PROMETHEUS_TEXT",
            "text/plain;q=0.9, application/openmetrics-text|OPENMETRICS",
            "application/openmetrics-text;q=0, text/plain;q=0.1|PROMETHEUS_TEXT",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text|PROMETHEUS_TEXT",
            "application/vnd.google.protobuf; encoding=delimited; proto=io.prometheus.client.MetricFamily|PROTOBUF",
            "application/openmetrics-text;q=0.5,text/plain;q=0.5|OPENMETRICS",
            "text/plain;q=0.5,application/openmetrics-text;q=0.5|PROMETHEUS_TEXT",
            "APPLICATION/OPENMETRICS-TEXT;Q=1|OPENMETRICS",
            "application/openmetrics-text;q=abc, text/plain;q=0.1|PROMETHEUS_TEXT"})
    void choosesTheHighestQualityFormatFerryServes(String accept, ExpositionFormat expected) {
        assertThat(Negotiation.choose(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gzip|true", "gzip, deflate, br|true", "deflate|false", "|false", "gzip;q=0|false", "*|true",
            "*;q=0.5, gzip;q=0|false", "identity|false", "GZIP;q=0.1|true"})
    void acceptsGzipOnlyWithAPositiveQuality(String acceptEncoding, boolean expected) {
        assertThat(Negotiation.acceptsGzip(acceptEncoding)).isEqualTo(expected);
    }
}
