package io.ferry.otlp.convert;

import java.util.List;
import java.util.Map;

/**
 * The result of converting one export request: per resource what to store, and what was rejected.
 * Every data point of the request is either in {@link #resources()} or counted in
 * {@link #rejectedPoints()}, never both. Immutable.
 *
 * <pre>{@code
 * Conversion c = converter.convert(request);
 * if (c.rejectedPoints() > 0) {
 *     String errorMessage = String.join("; ", c.messages()); // for partial_success.error_message
 * }
 * c.rejectionsByReason().forEach((reason, n) -> rejected.labels(reason).inc(n));
 * }</pre>
 *
 * @param resources          one entry per resource that kept at least one point or a {@code target_info}
 * @param rejectedPoints     the data points rejected, for {@code partial_success.rejected_data_points}
 * @param messages           a few distinct English texts saying why, first seen first (at most
 *                           {@link #MAX_MESSAGES})
 * @param rejectionsByReason rejected points per reason (a short snake_case key, stable, fit for a
 *                           counter's {@code reason} label); the values add up to {@code rejectedPoints}
 * @param warningsByCategory conversions that kept the point but changed it, per category (
 *                           {@code label_name_collision}: attributes whose names sanitise to the same
 *                           label, their values joined with {@code ;})
 */
public record Conversion(List<ConvertedResource> resources, long rejectedPoints, List<String> messages,
                         Map<String, Long> rejectionsByReason, Map<String, Long> warningsByCategory) {
    /** At most this many distinct messages are kept. */
    public static final int MAX_MESSAGES = 5;

    public Conversion {
        resources = List.copyOf(resources);
        messages = List.copyOf(messages);
        rejectionsByReason = Map.copyOf(rejectionsByReason);
        warningsByCategory = Map.copyOf(warningsByCategory);
    }

    /** A conversion whose rejections are not broken down by reason. */
    public Conversion(List<ConvertedResource> resources, long rejectedPoints, List<String> messages) {
        this(resources, rejectedPoints, messages,
                rejectedPoints == 0 ? Map.of() : Map.of("unspecified", rejectedPoints), Map.of());
    }
}
