package io.ferry.server.ui;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a page is asked: its query parameters, whether the asker may delete a job's groups, and the
 * time it is rendered at (so one page judges "ago" against one instant). Immutable.
 *
 * @param params    the query parameters, each with its values in order
 * @param mayDelete whether the principal may delete the groups of a job (admin or the delete scope)
 * @param nowMillis the render time, in epoch milliseconds
 */
record Query(Map<String, List<String>> params, Predicate<String> mayDelete, long nowMillis) {

    Query {
        params = Map.copyOf(params);
    }

    /** The first value of {@code name}, or {@code ""}. */
    String first(String name) {
        List<String> v = params.getOrDefault(name, List.of());
        return v.isEmpty() ? "" : v.getFirst();
    }

    /** Every non-empty value of {@code name}. */
    List<String> all(String name) {
        return params.getOrDefault(name, List.of()).stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Whether {@code name} is set to something other than empty, {@code 0} or {@code false}. */
    boolean flag(String name) {
        String v = first(name);
        return !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }
}
