package io.ferry.push;

import io.ferry.model.Labels;
import io.ferry.model.MetricNames;

import java.util.HashMap;
import java.util.Map;

/**
 * The labels that name a push group, read from the push path as the Pushgateway reads them.
 * Immutable; sorted by name; always holds a non-empty {@code job}; names follow the legacy rules
 * and never start with {@code __}.
 *
 * <pre>{@code
 * GroupingKey k = GroupingKey.parse("/job/backup/instance/nas-01");
 * k.toString();                                        // {instance="nas-01",job="backup"}
 * GroupingKey.parse("/job@base64/YmFja3Vw/path@base64/L3Zhci90bXA=")
 *            .labels();                                // {job="backup",path="/var/tmp"}
 * }</pre>
 *
 * <p>Two keys are equal when their labels are: {@code {job="a"}} and {@code {job="a",instance=""}}
 * are different groups, as in the Pushgateway.
 */
public final class GroupingKey {
    private static final String BASE64 = "@base64";
    private static final String JOB = "job";

    private final Labels labels;

    private GroupingKey(Labels labels) {
        this.labels = labels;
    }

    /**
     * A key from labels built in code, such as a stored group. Throws
     * {@link IllegalArgumentException} when {@code job} is missing or empty or a name is not a
     * valid, unreserved legacy label name.
     */
    public static GroupingKey of(Labels labels) {
        String job = labels.get(JOB);
        if (job == null || job.isEmpty()) {
            throw new IllegalArgumentException("a grouping key needs a non-empty job label, got " + labels);
        }
        for (int i = 0; i < labels.size(); i++) {
            if (!properName(labels.name(i))) {
                throw new IllegalArgumentException("improper label name " + GoQuote.quote(labels.name(i)));
            }
        }
        return new GroupingKey(labels);
    }

    /**
     * Reads the grouping key from the decoded URL path after {@code /metrics}: {@code /job/<job>}
     * or {@code /job@base64/<job>}, then name and value segments, where a name ending in
     * {@code @base64} marks a base64url value. A later pair with the same name wins, and the path
     * job always wins over a {@code job} pair. Checks run in the Pushgateway's order, so the same
     * path gets the same error: the job's base64, the count of segments, each pair in turn, and
     * last whether the job is empty.
     *
     * <p>The path is taken as given, without removing {@code //} or dot segments.
     *
     * @param pathAfterMetrics e.g. {@code /job/backup/instance/nas-01}
     * @throws GroupingKeyException with the Pushgateway's text, for a 400
     * @throws IllegalArgumentException when the first segment is neither {@code job} nor
     *     {@code job@base64}: not a push path at all, which the router answers with 404
     */
    public static GroupingKey parse(String pathAfterMetrics) throws GroupingKeyException {
        String path = pathAfterMetrics;
        int routeEnd = path.indexOf('/', 1);
        String route = path.substring(Math.min(1, path.length()), routeEnd < 0 ? path.length() : routeEnd);
        boolean jobBase64 = route.equals(JOB + BASE64);
        if (!path.startsWith("/") || !jobBase64 && !route.equals(JOB)) {
            throw new IllegalArgumentException("not a push path: " + GoQuote.quote(path));
        }
        String job = "";
        String rest = "";
        if (routeEnd >= 0) {
            int jobEnd = path.indexOf('/', routeEnd + 1);
            job = path.substring(routeEnd + 1, jobEnd < 0 ? path.length() : jobEnd);
            rest = jobEnd < 0 ? "" : path.substring(jobEnd);
        }
        if (jobBase64) {
            PathBase64.Decoded d = PathBase64.decode(job);
            String decoded = d.error() == null ? PathBase64.utf8(d.bytes()) : null;
            if (decoded == null) {
                throw new GroupingKeyException("invalid base64 encoding in job name " + GoQuote.quote(d.bytes())
                        + ": " + (d.error() != null ? d.error() : PathBase64.NOT_UTF8));
            }
            job = decoded;
        }
        Map<String, String> pairs = splitLabels(rest);
        if (job.isEmpty()) {
            throw new GroupingKeyException("job name is required");
        }
        pairs.put(JOB, job);
        return new GroupingKey(Labels.of(pairs));
    }

    /** The Pushgateway's {@code splitLabels}: {@code labels} is empty or starts with {@code /}. */
    private static Map<String, String> splitLabels(String labels) throws GroupingKeyException {
        Map<String, String> result = new HashMap<>();
        if (labels.length() <= 1) {
            return result; // nothing, or a trailing slash after the job
        }
        int count = 1;
        for (int i = 1; i < labels.length(); i++) {
            if (labels.charAt(i) == '/') {
                count++;
            }
        }
        if (count % 2 != 0) {
            throw new GroupingKeyException("odd number of components in label string " + GoQuote.quote(labels));
        }
        int at = 1;
        while (at <= labels.length()) {
            int nameEnd = labels.indexOf('/', at);
            int valueEnd = labels.indexOf('/', nameEnd + 1);
            if (valueEnd < 0) {
                valueEnd = labels.length();
            }
            String name = labels.substring(at, nameEnd);
            String value = labels.substring(nameEnd + 1, valueEnd);
            at = valueEnd + 1;

            boolean base64 = name.endsWith(BASE64);
            if (base64) {
                name = name.substring(0, name.length() - BASE64.length());
            }
            if (!properName(name)) {
                throw new GroupingKeyException("improper label name " + GoQuote.quote(name));
            }
            if (base64) {
                PathBase64.Decoded d = PathBase64.decode(value);
                String decoded = d.error() == null ? PathBase64.utf8(d.bytes()) : null;
                if (decoded == null) {
                    throw new GroupingKeyException("invalid base64 encoding for label " + name + "="
                            + GoQuote.quote(value) + ": " + (d.error() != null ? d.error() : PathBase64.NOT_UTF8));
                }
                value = decoded;
            }
            result.put(name, value);
        }
        return result;
    }

    private static boolean properName(String name) {
        return MetricNames.isValidLabelName(name) && !MetricNames.isReservedLabelName(name);
    }

    /** The labels, sorted by name, {@code job} among them. */
    public Labels labels() {
        return labels;
    }

    public String job() {
        return labels.get(JOB);
    }

    /**
     * This key as a path after {@code /metrics} that {@link #parse} reads back to an equal key:
     * the job first, then the other labels in name order. A value made only of
     * {@code A-Z a-z 0-9 - . _ ~} (and not {@code .} or {@code ..}) is written as is; any other
     * value, the empty one included, in base64url after a name with {@code @base64}, the empty
     * value as {@code =}. The result needs no percent-encoding, so it is the same in a URL and
     * decoded. Values are encoded as UTF-8; a lone surrogate, which no decoded URL holds, does not
     * survive.
     */
    public String toPath() {
        StringBuilder sb = new StringBuilder(16 * labels.size());
        appendPair(sb, JOB, job());
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.name(i).equals(JOB)) {
                appendPair(sb, labels.name(i), labels.value(i));
            }
        }
        return sb.toString();
    }

    private static void appendPair(StringBuilder sb, String name, String value) {
        sb.append('/').append(name);
        if (plainSafe(value)) {
            sb.append('/').append(value);
        } else {
            sb.append(BASE64).append('/').append(PathBase64.encode(value));
        }
    }

    private static boolean plainSafe(String value) {
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!unreserved) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof GroupingKey other && labels.equals(other.labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }

    /** The labels as {@code {instance="nas-01",job="backup"}}. */
    @Override
    public String toString() {
        return labels.toString();
    }
}
