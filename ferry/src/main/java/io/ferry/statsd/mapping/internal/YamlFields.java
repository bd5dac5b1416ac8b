package io.ferry.statsd.mapping.internal;

import io.ferry.statsd.mapping.MappingException;
import io.ferry.yaml.YamlSyntaxException;
import io.ferry.yaml.YamlText;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One YAML mapping of the mapping file, read strictly as Go's {@code yaml.UnmarshalStrict} reads it
 * into statsd_exporter's structs: unknown and repeated keys are errors, and every error names the
 * file, the line and the key's path ({@code mappings[2].summary_options.max_age}). A key whose value
 * is YAML null counts as absent.
 *
 * <pre>{@code
 * YamlFields root = YamlFields.root(YamlFields.compose(text, "mapping.yml"), "mapping.yml");
 * root.allowOnly(Map.of("defaults", "", "mappings", ""));
 * List<YamlFields> rules = root.mappings("mappings");
 * }</pre>
 *
 * <p>Not thread-safe; used while one file is read.
 */
public final class YamlFields {
    private final String file;
    private final String path;
    private final int line;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlFields(String file, String path, MappingNode node) throws MappingException {
        this.file = file;
        this.path = path;
        this.line = lineOf(node);
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw new MappingException(file, lineOf(t.getKeyNode()), "a key must be a plain string" + where());
            }
            if (entries.putIfAbsent(key.getValue(), t) != null) {
                throw new MappingException(file, lineOf(key), "duplicate key \"" + key.getValue() + "\"" + where());
            }
        }
    }

    /** The document's node, or null for an empty document; YAML errors become {@link MappingException}s. */
    public static Node compose(String yaml, String file) throws MappingException {
        try {
            Optional<Node> node = YamlText.compose(yaml);
            return node.filter(n -> !Tag.NULL.equals(n.getTag())).orElse(null);
        } catch (YamlSyntaxException e) {
            throw new MappingException(file, e.line(), e.getMessage());
        }
    }

    /** The top of the file, which must be a mapping. */
    public static YamlFields root(Node node, String file) throws MappingException {
        if (!(node instanceof MappingNode m)) {
            throw new MappingException(file, lineOf(node), "the mapping file must be a YAML mapping (defaults:, mappings:), got "
                    + describe(node));
        }
        return new YamlFields(file, "", m);
    }

    /**
     * Fails on the first key not in {@code allowed}, listing them; {@code removed} maps keys that
     * statsd_exporter no longer reads to what replaces them.
     */
    public void allowOnly(List<String> allowed, Map<String, String> removed) throws MappingException {
        for (NodeTuple t : entries.values()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (allowed.contains(key)) {
                continue;
            }
            String instead = removed.get(key);
            String hint = instead != null
                    ? " (no longer part of statsd_exporter's mapping format: use " + instead + ")"
                    : " (allowed: " + String.join(", ", allowed) + ")";
            throw new MappingException(file, lineOf(t.getKeyNode()), "unknown key \"" + key + "\"" + where() + hint);
        }
    }

    /** The line where this mapping starts. */
    public int line() {
        return line;
    }

    public String file() {
        return file;
    }

    /** Whether the key is present with a value other than null. */
    public boolean has(String key) {
        return value(key) != null;
    }

    /** A nested mapping, or empty when absent. */
    public Optional<YamlFields> mapping(String key) throws MappingException {
        Node v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof MappingNode m)) {
            throw typeError(key, "a mapping", v);
        }
        return Optional.of(new YamlFields(file, path(key), m));
    }

    /** A sequence of mappings (empty when absent), each with the path {@code key[i]}. */
    public List<YamlFields> mappings(String key) throws MappingException {
        List<Node> items = sequence(key);
        List<YamlFields> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            if (!(item instanceof MappingNode m)) {
                throw new MappingException(file, lineOf(item), path(key) + "[" + i + "] must be a mapping, got " + describe(item));
            }
            out.add(new YamlFields(file, path(key) + "[" + i + "]", m));
        }
        return out;
    }

    /** A sequence of numbers (empty when absent). */
    public List<Double> numbers(String key) throws MappingException {
        List<Node> items = sequence(key);
        List<Double> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(number(items.get(i), path(key) + "[" + i + "]"));
        }
        return out;
    }

    /**
     * A mapping of names to scalars, in file order (empty when absent). A scalar that is not a
     * string is taken as written ({@code 1}, {@code true}) and a null as "", as Go's YAML reads them
     * into a {@code map[string]string}.
     */
    public Map<String, String> stringMap(String key) throws MappingException {
        Optional<YamlFields> m = mapping(key);
        if (m.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : m.get().entries.entrySet()) {
            Node v = e.getValue().getValueNode();
            if (!(v instanceof ScalarNode s)) {
                throw m.get().typeError(e.getKey(), "a string", v);
            }
            out.put(e.getKey(), Tag.NULL.equals(v.getTag()) ? "" : s.getValue());
        }
        return out;
    }

    /** A scalar as written (quoted or not), or empty when absent. */
    public Optional<String> string(String key) throws MappingException {
        Node v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof ScalarNode s)) {
            throw typeError(key, "a string", v);
        }
        return Optional.of(s.getValue());
    }

    public Optional<Boolean> bool(String key) throws MappingException {
        Node v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        Optional<Boolean> b = YamlText.bool(v);
        if (b.isEmpty()) {
            throw typeError(key, "true or false", v);
        }
        return b;
    }

    /** A YAML int or float, or empty when absent. */
    public Optional<Double> number(String key) throws MappingException {
        Node v = value(key);
        return v == null ? Optional.empty() : Optional.of(number(v, path(key)));
    }

    /** A whole number in {@code [0, Integer.MAX_VALUE]}, or empty when absent. */
    public Optional<Integer> count(String key) throws MappingException {
        Node v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!Tag.INT.equals(v.getTag())) {
            throw typeError(key, "a whole number", v);
        }
        long n;
        try {
            n = parseInt(((ScalarNode) v).getValue());
        } catch (NumberFormatException e) {
            throw error(key, "\"" + ((ScalarNode) v).getValue() + "\" is out of range");
        }
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw error(key, n + " is out of range (0 to " + Integer.MAX_VALUE + ")");
        }
        return Optional.of((int) n);
    }

    /** An error about the value of {@code key}, at its line. */
    public MappingException error(String key, String reason) {
        NodeTuple t = entries.get(key);
        return new MappingException(file, t == null ? line : lineOf(t.getValueNode()), path(key) + ": " + reason);
    }

    /** An error about this mapping as a whole, at its first line. */
    public MappingException error(String reason) {
        return new MappingException(file, line, (path.isEmpty() ? "" : path + ": ") + reason);
    }

    private List<Node> sequence(String key) throws MappingException {
        Node v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof SequenceNode s)) {
            throw typeError(key, "a sequence", v);
        }
        return s.getValue();
    }

    private double number(Node v, String where) throws MappingException {
        String text = v instanceof ScalarNode s ? s.getValue() : "";
        try {
            if (Tag.INT.equals(v.getTag())) {
                return parseInt(text);
            }
            if (Tag.FLOAT.equals(v.getTag())) {
                String t = text.toLowerCase(java.util.Locale.ROOT);
                if (t.endsWith(".nan")) {
                    return Double.NaN;
                }
                if (t.endsWith(".inf")) {
                    return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException e) {
            throw new MappingException(file, lineOf(v), where + ": \"" + text + "\" is out of range");
        }
        throw new MappingException(file, lineOf(v), where + " must be a number, got " + describe(v));
    }

    private static long parseInt(String text) {
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        long v = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16)
                : t.startsWith("0o") ? Long.parseLong(t.substring(2), 8)
                : Long.parseLong(t);
        return negative ? -v : v;
    }

    private Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null || Tag.NULL.equals(t.getValueNode().getTag()) ? null : t.getValueNode();
    }

    private MappingException typeError(String key, String want, Node got) {
        return new MappingException(file, lineOf(got), path(key) + " must be " + want + ", got " + describe(got));
    }

    private String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String where() {
        return path.isEmpty() ? " at the top level" : " in " + path;
    }

    private static int lineOf(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a sequence";
            case ScalarNode s when Tag.NULL.equals(s.getTag()) -> "nothing";
            case ScalarNode s -> "\"" + s.getValue() + "\"";
            default -> "something else";
        };
    }
}
