package io.ferry.otlp.convert;

import java.util.List;
import java.util.Map;

/** Contract stub (otlp-convert replaces it at merge). */
public record Conversion(List<ConvertedResource> resources, long rejectedPoints, List<String> messages) {
    public Map<String, Long> rejectionsByReason() {
        return Map.of();
    }
}
