package io.ferry.otlp;

/**
 * Which services an export may write: the bearer token's {@code services} patterns, matched
 * against each resource's {@code service.name} ({@code ""} when it has none). A resource outside
 * the scope is rejected, counted, and the rest of the export kept.
 *
 * <pre>{@code
 * AuthScope scope = service -> Glob.matches("checkout-*", service);
 * ingest.export(request, scope);
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface AuthScope {
    /** Every service: Ferry without tokens, or a token whose patterns include {@code *}. */
    AuthScope ALL = service -> true;

    /** Whether the export may write resources of {@code serviceName}. */
    boolean allows(String serviceName);
}
