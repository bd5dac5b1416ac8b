package io.ferry.otlp.wire;

import java.util.List;

/**
 * A resource's attributes and its instrumentation scopes, as one {@code ResourceMetrics} message
 * carries them. Immutable.
 *
 * <pre>{@code
 * String instance = resourceMetrics.resource().get("service.instance.id");
 * }</pre>
 */
public record ResourceMetrics(Attributes resource, List<ScopeMetrics> scopes) {
}
