package io.ferry.otlp.wire;

import java.util.List;

/**
 * An instrumentation scope (name, version, attributes; {@code ""} for what is absent) and its
 * metrics. Immutable.
 *
 * <pre>{@code
 * for (OtlpMetric metric : scope.metrics()) { ... }
 * }</pre>
 */
public record ScopeMetrics(String name, String version, Attributes attributes, List<OtlpMetric> metrics) {
}
