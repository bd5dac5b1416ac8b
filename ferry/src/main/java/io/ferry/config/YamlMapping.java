package io.ferry.config;

import io.ferry.yaml.YamlText;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A YAML mapping being read into a config record, with every error pointing at a file, a line
 * and a key path. Section readers use it like this:
 *
 * <pre>{@code
 * static WebConfig read(YamlMapping m, WebConfig defaults) throws ConfigException {
 *     m.allowOnly("listen_address");
 *     return new WebConfig(m.string("listen_address", ListenAddress::parse).orElse(defaults.listenAddress()));
 * }
 * }</pre>
 *
 * <p>A key whose value is YAML null ({@code key:} with nothing after it) counts as absent, so the
 * default applies. Keys must be unique.
 */
final class YamlMapping {
    private final String file;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final int line;

    private YamlMapping(String file, String path, MappingNode node) throws ConfigException {
        this.file = file;
        this.path = path;
        this.line = line(node);
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw new ConfigException(file, line(t.getKeyNode()), "keys must be plain strings" + where());
            }
            if (entries.putIfAbsent(key.getValue(), t) != null) {
                throw new ConfigException(file, line(key), "duplicate key \"" + key.getValue() + "\"" + where());
            }
        }
    }

    /** The root of a config file, which must be a mapping of sections. */
    static YamlMapping root(String file, Node node) throws ConfigException {
        if (!(node instanceof MappingNode m)) {
            throw new ConfigException(file, line(node), "the config must be a mapping of sections, got " + describe(node));
        }
        return new YamlMapping(file, "", m);
    }

    /** Fails naming every key not in {@code allowed}, each with the allowed keys. */
    void allowOnly(String... allowed) throws ConfigException {
        List<ConfigException> unknown = new ArrayList<>();
        for (NodeTuple t : entries.values()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!Arrays.asList(allowed).contains(key)) {
                unknown.add(new ConfigException(file, line(t.getKeyNode()),
                        "unknown key \"" + key + "\"" + where() + " (allowed: " + String.join(", ", allowed) + ")"));
            }
        }
        if (!unknown.isEmpty()) {
            throw ConfigException.of(unknown); // every one, so that one check names them all
        }
    }

    /** The keys present, in file order (including those whose value is null). */
    java.util.Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    boolean has(String key) {
        return value(key) != null;
    }

    /** A nested mapping read by {@code reader}, or {@code defaults} when the key is absent. */
    <T> T section(String key, T defaults, SectionReader<T> reader) throws ConfigException {
        Node v = value(key);
        if (v == null) {
            return defaults;
        }
        if (!(v instanceof MappingNode m)) {
            throw typeError(key, "a mapping", v);
        }
        return reader.read(new YamlMapping(file, path(key), m), defaults);
    }

    /**
     * A sequence of mappings, each read by {@code reader} (whose key paths read {@code key[i]}), or an
     * empty list when the key is absent. A problem in one item does not stop the others being read:
     * the exception carries each bad item's problem.
     */
    <T> List<T> mappings(String key, ItemReader<T> reader) throws ConfigException {
        Node v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            throw typeError(key, "a sequence", v);
        }
        // Items are read apart, so every bad one is reported.
        Problems problems = new Problems();
        List<T> items = new ArrayList<>();
        List<Node> nodes = seq.getValue();
        for (int i = 0; i < nodes.size(); i++) {
            Node item = nodes.get(i);
            String itemPath = path(key) + "[" + i + "]";
            items.add(problems.read(null, () -> {
                if (!(item instanceof MappingNode m)) {
                    throw new ConfigException(file, line(item), itemPath + " must be a mapping, got " + describe(item));
                }
                return reader.read(new YamlMapping(file, itemPath, m));
            }));
        }
        problems.throwIfAny();
        return Collections.unmodifiableList(items);
    }

    /** A sequence of scalars, as written, or an empty list when the key is absent. */
    List<String> strings(String key) throws ConfigException {
        Node v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            throw typeError(key, "a sequence of strings", v);
        }
        List<String> items = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s) || Tag.NULL.equals(item.getTag())) {
                throw new ConfigException(file, line(item), path(key) + "[" + items.size() + "] must be a string, got "
                        + describe(item));
            }
            items.add(s.getValue());
        }
        return Collections.unmodifiableList(items);
    }

    /**
     * A mapping of names to scalars ({@code {job: backup, instance: nas-01}}), in file order, or an
     * empty map when the key is absent.
     */
    Map<String, String> stringMap(String key) throws ConfigException {
        Node v = value(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof MappingNode m)) {
            throw typeError(key, "a mapping of names to strings", v);
        }
        return new YamlMapping(file, path(key), m).asStringMap();
    }

    /** This whole mapping as names to scalars, in file order. */
    Map<String, String> asStringMap() throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            Node v = e.getValue().getValueNode();
            if (!(v instanceof ScalarNode s) || Tag.NULL.equals(v.getTag())) {
                throw typeError(e.getKey(), "a string", v);
            }
            out.put(e.getKey(), s.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The line of {@code key}'s value (0 when absent), for errors found after reading. */
    int lineOf(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? 0 : line(t.getValueNode());
    }

    /** The file being read, for errors found after reading. */
    String file() {
        return file;
    }

    /** Reads one item of a sequence of mappings. */
    @FunctionalInterface
    interface ItemReader<T> {
        T read(YamlMapping item) throws ConfigException;
    }

    /** Any scalar, as written. */
    Optional<String> string(String key) throws ConfigException {
        Node v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof ScalarNode s)) {
            throw typeError(key, "a string", v);
        }
        return Optional.of(s.getValue());
    }

    /**
     * A scalar converted by {@code parse}; an {@link IllegalArgumentException} from it becomes a
     * {@link ConfigException} at the value's line, its message prefixed with the key path.
     */
    <T> Optional<T> string(String key, Function<String, T> parse) throws ConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(s.get()));
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    Optional<Long> integer(String key) throws ConfigException {
        Node v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof ScalarNode s) || !Tag.INT.equals(v.getTag())) {
            throw typeError(key, "an integer", v);
        }
        try {
            return Optional.of(parseInt(s.getValue()));
        } catch (NumberFormatException e) {
            throw error(key, "integer \"" + s.getValue() + "\" out of range");
        }
    }

    Optional<Boolean> bool(String key) throws ConfigException {
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

    /** An error about {@code key}, which is absent, at the line where this mapping starts. */
    ConfigException missing(String key, String reason) {
        return new ConfigException(file, line, path(key) + ": " + reason);
    }

    /** An error about the value of {@code key}, at its line. */
    ConfigException error(String key, String reason) {
        return new ConfigException(file, line(value(key)), path(key) + ": " + reason);
    }

    private ConfigException typeError(String key, String want, Node got) {
        return new ConfigException(file, line(got), path(key) + " must be " + want + ", got " + describe(got));
    }

    /** The value node, or null when the key is absent or its value is YAML null. */
    private Node value(String key) {
        NodeTuple t = entries.get(key);
        if (t == null || Tag.NULL.equals(t.getValueNode().getTag())) {
            return null;
        }
        return t.getValueNode();
    }

    private String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String where() {
        return path.isEmpty() ? " at top level" : " in " + path;
    }

    private static long parseInt(String s) {
        String t = s.replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        long v;
        if (t.startsWith("0x")) {
            v = Long.parseLong(t.substring(2), 16);
        } else if (t.startsWith("0o")) {
            v = Long.parseLong(t.substring(2), 8);
        } else {
            v = Long.parseLong(t);
        }
        return negative ? -v : v;
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a sequence";
            case ScalarNode s when Tag.NULL.equals(s.getTag()) -> "nothing";
            case ScalarNode s -> "\"" + s.getValue() + "\"";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
