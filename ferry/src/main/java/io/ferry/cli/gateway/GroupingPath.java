package io.ferry.cli.gateway;

import io.ferry.model.Labels;
import io.ferry.push.GroupingKey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The path after {@code /metrics} that names a push group, written as the Pushgateway's own clients
 * write it (client_golang, client_python): {@code /job/<job>} then {@code /<name>/<value>} per
 * label. A value that is empty, holds a {@code /}, or is {@code .} or {@code ..} (which proxies and
 * Go's router would clean away) goes as unpadded base64url after {@code <name>@base64}, the empty
 * value as {@code =}; the job likewise as {@code job@base64}. Other values are percent-encoded
 * (UTF-8), so {@code 10.0.0.1:9100} stays readable in logs.
 *
 * <pre>{@code
 * GroupingPath.of("backup", Map.of("path", "/var/tmp")).path();   // /job/backup/path@base64/L3Zhci90bXA
 * }</pre>
 *
 * <p>Immutable. Names are checked as the server checks them (legacy label names, no {@code __}
 * prefix, not {@code job}), so a bad name is a usage error here rather than a 400 later.
 */
public final class GroupingPath {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String path;
    private final Map<String, String> labels;

    private GroupingPath(String path, Map<String, String> labels) {
        this.path = path;
        this.labels = labels;
    }

    /**
     * The path of the group {@code job} plus {@code labels}, in the order given.
     *
     * @throws IllegalArgumentException when the job is empty, a name is not a valid label name,
     *     starts with {@code __}, or is {@code job}
     */
    public static GroupingPath of(String job, Map<String, String> labels) {
        if (job == null || job.isEmpty()) {
            throw new IllegalArgumentException("the job must not be empty");
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("job", job);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().equals("job")) {
                throw new IllegalArgumentException("the job goes in --job, not in a grouping label");
            }
            all.put(e.getKey(), e.getValue());
        }
        // The server's own rules for the names of a grouping key; its message names the bad one.
        GroupingKey.of(Labels.of(all));
        StringBuilder sb = new StringBuilder();
        all.forEach((name, value) -> appendPair(sb, name, value));
        return new GroupingPath(sb.toString(), Map.copyOf(all));
    }

    private static void appendPair(StringBuilder sb, String name, String value) {
        sb.append('/').append(name);
        if (value.isEmpty() || value.contains("/") || value.equals(".") || value.equals("..")) {
            String encoded = BASE64URL.encodeToString(value.getBytes(StandardCharsets.UTF_8));
            sb.append("@base64/").append(encoded.isEmpty() ? "=" : encoded);
        } else {
            sb.append('/');
            percentEncode(sb, value);
        }
    }

    /** Every byte outside RFC 3986's unreserved set as {@code %XX}. */
    private static void percentEncode(StringBuilder sb, String value) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    /** The path after {@code /metrics}, already URL-encoded. */
    public String path() {
        return path;
    }

    /** The grouping labels, {@code job} among them. */
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public String toString() {
        return path;
    }
}
