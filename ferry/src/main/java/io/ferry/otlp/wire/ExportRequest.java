package io.ferry.otlp.wire;

import java.util.List;

/**
 * One decoded {@code ExportMetricsServiceRequest}: its resources in the order received.
 *
 * <pre>{@code
 * ExportRequest request = OtlpProtobufDecoder.decode(body, 0, body.length);
 * for (ResourceMetrics resource : request.resources()) {
 *     String service = resource.resource().get("service.name");
 * }
 * }</pre>
 *
 * <p>Immutable once the decoder hands it out (the lists are not modified afterwards), so it may be
 * shared between threads.
 */
public record ExportRequest(List<ResourceMetrics> resources) {
}
