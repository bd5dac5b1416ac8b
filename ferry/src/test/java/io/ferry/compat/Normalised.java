package io.ferry.compat;

import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A {@code /metrics} text body made comparable between two servers: each server's own families are
 * dropped (the Pushgateway's {@code pushgateway_*}, {@code go_*}, {@code process_*}; Ferry's
 * {@code ferry_*}, {@code jvm_*}, {@code process_*}, and its tunnel proxy's {@code pushprox_*}), and the values of {@code push_time_seconds}
 * and {@code push_failure_time_seconds} become {@value #TIME}, except 0, which stays: whether a group
 * ever succeeded or failed is compared, not when.
 */
final class Normalised {
    static final String TIME = "<time>";
    private static final List<String> OWN_PREFIXES = List.of("pushgateway_", "go_", "process_", "ferry_", "jvm_", "pushprox_");
    private static final Set<String> TIME_FAMILIES = Set.of("push_time_seconds", "push_failure_time_seconds");

    private Normalised() {
    }

    /** The lines of a text 0.0.4 body, normalised. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String name = metricName(line);
            if (OWN_PREFIXES.stream().anyMatch(name::startsWith)) {
                continue;
            }
            if (!line.startsWith("#") && TIME_FAMILIES.contains(name)) {
                int space = line.lastIndexOf(' ');
                String value = line.substring(space + 1);
                line = line.substring(0, space + 1) + (value.equals("0") ? "0" : TIME);
            }
            out.add(line);
        }
        return out;
    }

    /** A delimited-protobuf body rendered as text 0.0.4 by Ferry's writer, so both sides are rendered alike. */
    static String protobufAsText(byte[] body) throws ExpositionException {
        return new String(ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(
                ExpositionFormat.PROTOBUF.parser(ParseLimits.DEFAULT).parse(body)), StandardCharsets.UTF_8);
    }

    /** The HELP text of {@code family} in normalised lines, or null when it has no HELP line. */
    static String help(List<String> lines, String family) {
        String prefix = "# HELP " + family + " ";
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            if (line.equals("# HELP " + family)) {
                return "";
            }
        }
        return null;
    }

    /** {@code lines} without the HELP lines of {@code families}. */
    static List<String> withoutHelp(List<String> lines, Collection<String> families) {
        return lines.stream().filter(l -> families.stream()
                .noneMatch(f -> l.equals("# HELP " + f) || l.startsWith("# HELP " + f + " "))).toList();
    }

    /** The lines of {@code a} not in {@code b}, counting repeats (a multiset difference), in order. */
    static List<String> minus(List<String> a, List<String> b) {
        List<String> rest = new ArrayList<>(b);
        List<String> out = new ArrayList<>();
        for (String line : a) {
            if (!rest.remove(line)) {
                out.add(line);
            }
        }
        return out;
    }

    /** The metric name a line is about: a sample's name, or the name after {@code # HELP}/{@code # TYPE}. */
    private static String metricName(String line) {
        String rest = line;
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
            rest = line.substring(7);
        } else if (line.startsWith("#")) {
            return "";
        }
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != '{') {
            end++;
        }
        return rest.substring(0, end);
    }
}
