package io.ferry.otlp.convert.internal;

import io.ferry.otlp.convert.internal.MetricNamer.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The cases of prometheus/otlptranslator's {@code metric_namer_test.go} ({@code TestMetricNamer_Build})
 * for the two escaping modes, as data: case name, suffixes on, OTLP name, unit, kind, the
 * expected name ({@code null} where otlptranslator gives the error for an empty name) and the
 * expected unit word of {@code UnitNamer} (only checked with suffixes). The namespace and UTF-8
 * cases are left out: Ferry has no namespace option and refuses the UTF-8 strategies.
 */
class MetricNamerTest {

    static Stream<Arguments> otlptranslatorCases() {
        return Stream.of(
                // WithMetricSuffixes = false
                arguments("simple metric name without suffixes", false, "simple_metric", "", Kind.GAUGE, "simple_metric", null),
                arguments("metric with special characters replaced", false, "metric@with#special$chars", "", Kind.GAUGE, "metric_with_special_chars", null),
                arguments("metric starting with digit gets underscore prefix", false, "123metric", "", Kind.GAUGE, "_123metric", null),
                arguments("empty metric name without suffixes", false, "", "", Kind.GAUGE, null, null),
                arguments("metric with multiple consecutive special chars", false, "metric@@##$$name", "", Kind.GAUGE, "metric_name", null),
                arguments("metric name with only special characters (no suffixes)", false, "@#$%", "", Kind.GAUGE, null, null),
                arguments("http.request.duration/escaping without suffixes", false, "http.request.duration", "ms", Kind.HISTOGRAM, "http_request_duration", null),
                // WithMetricSuffixes = true
                arguments("counter metric with total suffix", true, "requests", "", Kind.MONOTONIC_COUNTER, "requests_total", null),
                arguments("gauge with unit 1 gets ratio suffix", true, "cpu_usage", "1", Kind.GAUGE, "cpu_usage_ratio", null),
                arguments("counter with unit 1 does not get ratio suffix", true, "items", "1", Kind.MONOTONIC_COUNTER, "items_total", null),
                arguments("metric with time unit", true, "response_time", "ms", Kind.GAUGE, "response_time_milliseconds", "milliseconds"),
                arguments("metric with bytes unit", true, "memory_usage", "By", Kind.GAUGE, "memory_usage_bytes", "bytes"),
                arguments("metric with per unit", true, "requests", "1/s", Kind.GAUGE, "requests_per_second", "per_second"),
                arguments("metric with complex per unit", true, "throughput", "By/s", Kind.GAUGE, "throughput_bytes_per_second", "bytes_per_second"),
                arguments("metric with unknown unit", true, "custom_metric", "custom_unit", Kind.GAUGE, "custom_metric_custom_unit", "custom_unit"),
                arguments("metric with unit containing braces is ignored", true, "custom_metric", "{custom}", Kind.GAUGE, "custom_metric", null),
                arguments("metric with per unit containing braces is ignored", true, "custom_metric", "By/{custom}", Kind.GAUGE, "custom_metric_bytes", "bytes"),
                arguments("metric name already contains total suffix", true, "requests_total", "", Kind.MONOTONIC_COUNTER, "requests_total", null),
                arguments("metric name already contains ratio suffix", true, "cpu_usage_ratio", "1", Kind.GAUGE, "cpu_usage_ratio", null),
                arguments("metric name already contains unit suffix", true, "response_time_seconds", "s", Kind.GAUGE, "response_time_seconds", "seconds"),
                arguments("metric with multiple underscores normalized", true, "metric__with__multiple__underscores", "unit__multiple__underscores", Kind.GAUGE, "metric_with_multiple_underscores_unit_multiple_underscores", "unit_multiple_underscores"),
                arguments("metric with special chars in unit", true, "custom_metric", "unit@with#special/chars", Kind.GAUGE, "custom_metric_unit_with_special_per_chars", "unit_with_special_per_chars"),
                arguments("metric name with only special characters", true, "@#$%", "", Kind.GAUGE, null, null),
                arguments("histogram metric type", true, "request_duration", "s", Kind.HISTOGRAM, "request_duration_seconds", "seconds"),
                arguments("exponential histogram metric type", true, "request_size", "By", Kind.EXPONENTIAL_HISTOGRAM, "request_size_bytes", "bytes"),
                arguments("summary metric type", true, "response_time", "ms", Kind.SUMMARY, "response_time_milliseconds", "milliseconds"),
                arguments("non-monotonic counter metric type", true, "active_connections", "", Kind.NON_MONOTONIC_COUNTER, "active_connections", null),
                arguments("metric with days unit", true, "uptime", "d", Kind.GAUGE, "uptime_days", "days"),
                arguments("metric with hours unit", true, "duration", "h", Kind.GAUGE, "duration_hours", "hours"),
                arguments("metric with minutes unit", true, "timeout", "min", Kind.GAUGE, "timeout_minutes", "minutes"),
                arguments("metric with microseconds unit", true, "latency", "us", Kind.GAUGE, "latency_microseconds", "microseconds"),
                arguments("metric with nanoseconds unit", true, "precision_time", "ns", Kind.GAUGE, "precision_time_nanoseconds", "nanoseconds"),
                arguments("metric with kibibytes unit", true, "cache_size", "KiBy", Kind.GAUGE, "cache_size_kibibytes", "kibibytes"),
                arguments("metric with mebibytes unit", true, "memory", "MiBy", Kind.GAUGE, "memory_mebibytes", "mebibytes"),
                arguments("metric with gibibytes unit", true, "storage", "GiBy", Kind.GAUGE, "storage_gibibytes", "gibibytes"),
                arguments("metric with tibibytes unit", true, "capacity", "TiBy", Kind.GAUGE, "capacity_tibibytes", "tibibytes"),
                arguments("metric with kilobytes unit", true, "transfer", "KBy", Kind.GAUGE, "transfer_kilobytes", "kilobytes"),
                arguments("metric with megabytes unit", true, "download", "MBy", Kind.GAUGE, "download_megabytes", "megabytes"),
                arguments("metric with gigabytes unit", true, "backup", "GBy", Kind.GAUGE, "backup_gigabytes", "gigabytes"),
                arguments("metric with terabytes unit", true, "archive", "TBy", Kind.GAUGE, "archive_terabytes", "terabytes"),
                arguments("metric with meters unit", true, "distance", "m", Kind.GAUGE, "distance_meters", "meters"),
                arguments("metric with volts unit", true, "voltage", "V", Kind.GAUGE, "voltage_volts", "volts"),
                arguments("metric with amperes unit", true, "current", "A", Kind.GAUGE, "current_amperes", "amperes"),
                arguments("metric with joules unit", true, "energy", "J", Kind.GAUGE, "energy_joules", "joules"),
                arguments("metric with watts unit", true, "power", "W", Kind.GAUGE, "power_watts", "watts"),
                arguments("metric with grams unit", true, "weight", "g", Kind.GAUGE, "weight_grams", "grams"),
                arguments("metric with celsius unit", true, "temperature", "Cel", Kind.GAUGE, "temperature_celsius", "celsius"),
                arguments("metric with hertz unit", true, "frequency", "Hz", Kind.GAUGE, "frequency_hertz", "hertz"),
                arguments("metric with percent unit", true, "cpu_usage", "%", Kind.GAUGE, "cpu_usage_percent", "percent"),
                arguments("metric with per minute unit", true, "requests", "1/m", Kind.GAUGE, "requests_per_minute", "per_minute"),
                arguments("metric with per hour unit", true, "events", "1/h", Kind.GAUGE, "events_per_hour", "per_hour"),
                arguments("metric with per day unit", true, "transactions", "1/d", Kind.GAUGE, "transactions_per_day", "per_day"),
                arguments("metric with per week unit", true, "reports", "1/w", Kind.GAUGE, "reports_per_week", "per_week"),
                arguments("metric with per month unit", true, "invoices", "1/mo", Kind.GAUGE, "invoices_per_month", "per_month"),
                arguments("metric with per year unit", true, "renewals", "1/y", Kind.GAUGE, "renewals_per_year", "per_year"),
                arguments("metric with unknown per unit", true, "custom", "1/custom_unit", Kind.GAUGE, "custom_per_custom_unit", "per_custom_unit"),
                arguments("metric with empty per unit", true, "metric", "By/", Kind.GAUGE, "metric_bytes", "bytes"),
                arguments("metric with whitespace in unit", true, "metric", " By / s ", Kind.GAUGE, "metric_bytes_per_second", "bytes_per_second"),
                arguments("metric with only slash in unit", true, "metric", "/", Kind.GAUGE, "metric", null),
                arguments("http.request.duration/Prometheus-style", true, "http.request.duration", "ms", Kind.HISTOGRAM, "http_request_duration_milliseconds", "milliseconds"),
                arguments("http.requests/Prometheus-style", true, "http.requests", "1", Kind.MONOTONIC_COUNTER, "http_requests_total", null),
                // Examples of otlptranslator's doc comments and Prometheus' write_otlp_handler_test.go
                arguments("doc: http.server.duration", true, "http.server.duration", "s", Kind.HISTOGRAM, "http_server_duration_seconds", "seconds"),
                arguments("doc: requests.count", true, "requests.count", "1", Kind.MONOTONIC_COUNTER, "requests_count_total", null),
                arguments("doc: memory.usage", true, "memory.usage", "By", Kind.GAUGE, "memory_usage_bytes", "bytes"),
                arguments("handler: test.counter", true, "test.counter", "By", Kind.MONOTONIC_COUNTER, "test_counter_bytes_total", "bytes"),
                arguments("handler: test.gauge", true, "test.gauge", "By", Kind.GAUGE, "test_gauge_bytes", "bytes"),
                arguments("handler: test.exponential.histogram", true, "test.exponential.histogram", "By", Kind.EXPONENTIAL_HISTOGRAM, "test_exponential_histogram_bytes", "bytes"),
                // Ferry's own: rules the upstream table leaves implicit
                arguments("ratio only for gauges, not non-monotonic sums", true, "usage", "1", Kind.NON_MONOTONIC_COUNTER, "usage", null),
                arguments("total anywhere in the name moves to the end", true, "total.requests", "", Kind.MONOTONIC_COUNTER, "requests_total", null),
                arguments("unit before total", true, "cpu.time", "s", Kind.MONOTONIC_COUNTER, "cpu_time_seconds_total", "seconds"),
                arguments("a unit word already in the name is not repeated", true, "io.bytes", "By/s", Kind.GAUGE, "io_bytes_per_second", "bytes_per_second"),
                arguments("colons are kept", true, "a:b.c", "", Kind.GAUGE, "a:b_c", null),
                arguments("leading digit after suffixes", true, "1st.requests", "", Kind.MONOTONIC_COUNTER, "_1st_requests_total", null),
                arguments("without suffixes multiple underscores are kept", false, "a__b", "s", Kind.GAUGE, "a__b", null),
                arguments("supplementary character is one separator", true, "a\uD83D\uDE00b", "", Kind.GAUGE, "a_b", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otlptranslatorCases")
    void buildsNames(String caseName, boolean suffixes, String name, String unit, Kind kind, String want,
                     String wantUnit) {
        assertThat(MetricNamer.name(name, unit, kind, suffixes)).isEqualTo(want);
        if (suffixes) {
            assertThat(MetricNamer.unit(unit)).isEqualTo(wantUnit);
        }
    }
}
