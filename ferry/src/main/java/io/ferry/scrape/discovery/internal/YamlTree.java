package io.ferry.scrape.discovery.internal;

import io.ferry.yaml.YamlSyntaxException;
import io.ferry.yaml.YamlText;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one YAML document into {@link SdNode}s with line numbers. Duplicate keys are errors, as in
 * Prometheus' strict YAML reading of file_sd files. Aliases are followed, but nesting (aliases
 * included) is limited to {@link JsonTree#MAX_DEPTH} and the expanded values to {@link #MAX_VALUES}, so
 * neither a self-referencing alias nor an alias bomb can exhaust the stack or the heap. Thread-safe.
 */
public final class YamlTree {
    /** Aliases can repeat a subtree many times over; past this many values the input is refused. */
    static final int MAX_VALUES = 1_000_000;

    private int values;

    private YamlTree() {
    }

    /** The document's value, or {@link SdNode.Null} for an empty document. */
    public static SdNode parse(String text, int maxCodePoints) throws SdSyntaxException {
        Optional<Node> root;
        try {
            root = YamlText.compose(text, maxCodePoints);
        } catch (YamlSyntaxException e) {
            throw new SdSyntaxException(e.line(), e.getMessage());
        }
        return root.isEmpty() ? new SdNode.Null(1) : new YamlTree().convert(root.get(), 0);
    }

    private SdNode convert(Node node, int depth) throws SdSyntaxException {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        if (depth >= JsonTree.MAX_DEPTH) {
            throw new SdSyntaxException(line, "values nested deeper than " + JsonTree.MAX_DEPTH
                    + " levels (or an alias that refers to itself)");
        }
        if (++values > MAX_VALUES) {
            throw new SdSyntaxException(line, "more than " + MAX_VALUES + " values once aliases are expanded");
        }
        switch (node) {
            case MappingNode m -> {
                List<SdNode.Field> fields = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (NodeTuple t : m.getValue()) {
                    Node k = t.getKeyNode();
                    int keyLine = k.getStartMark().map(mk -> mk.getLine() + 1).orElse(line);
                    if (!(k instanceof ScalarNode key) || Tag.NULL.equals(key.getTag())) {
                        throw new SdSyntaxException(keyLine, "keys must be plain strings");
                    }
                    if (!seen.add(key.getValue())) {
                        throw new SdSyntaxException(keyLine, "duplicate key \"" + key.getValue() + "\"");
                    }
                    fields.add(new SdNode.Field(key.getValue(), keyLine, convert(t.getValueNode(), depth + 1)));
                }
                return new SdNode.Obj(line, fields);
            }
            case SequenceNode s -> {
                List<SdNode> items = new ArrayList<>();
                for (Node item : s.getValue()) {
                    items.add(convert(item, depth + 1));
                }
                return new SdNode.Arr(line, items);
            }
            case ScalarNode s -> {
                if (Tag.NULL.equals(s.getTag())) {
                    return new SdNode.Null(line);
                }
                return new SdNode.Scalar(line, s.getValue(), Tag.STR.equals(s.getTag()));
            }
            default -> throw new SdSyntaxException(line, "unsupported YAML node " + node.getNodeType());
        }
    }
}
