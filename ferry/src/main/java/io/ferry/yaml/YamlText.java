package io.ferry.yaml;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.Locale;
import java.util.Optional;

/**
 * Composes one YAML document with the YAML 1.2 core schema, so that {@code null}, {@code ~},
 * {@code true}/{@code True} and {@code 0x1F} resolve as most YAML users expect. Every failure is a
 * {@link YamlSyntaxException} with its line; where the problem was found after the construct that
 * caused it (an unclosed {@code [} or quote is noticed lines later), the message names the line
 * where that construct began. Stateless; thread-safe.
 *
 * <pre>{@code
 * Optional<Node> root = YamlText.compose(text);   // empty for an empty document
 * }</pre>
 */
public final class YamlText {
    /** snakeyaml-engine's own bound on a document, in code points. */
    public static final int DEFAULT_MAX_CODE_POINTS = LoadSettings.builder().build().getCodePointLimit();

    private YamlText() {
    }

    /** The document's root node, empty for an empty document, within {@link #DEFAULT_MAX_CODE_POINTS}. */
    public static Optional<Node> compose(String text) throws YamlSyntaxException {
        return compose(text, DEFAULT_MAX_CODE_POINTS);
    }

    /** The document's root node, empty for an empty document; a longer text than {@code maxCodePoints} is refused. */
    public static Optional<Node> compose(String text, int maxCodePoints) throws YamlSyntaxException {
        LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setCodePointLimit(maxCodePoints).build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = line(e.getProblemMark().or(e::getContextMark));
            int began = line(e.getContextMark());
            String context = e.getContext() == null || e.getContext().isEmpty() ? ""
                    : " (" + e.getContext() + (began > 0 && began != line ? " begun at line " + began : "") + ")";
            throw new YamlSyntaxException(line, "invalid YAML: " + e.getProblem() + context);
        } catch (YamlEngineException e) {
            throw new YamlSyntaxException(0, "invalid YAML: " + e.getMessage());
        } catch (NumberFormatException e) {
            // snakeyaml-engine 3.2 reads a truncated unicode escape with Integer.parseInt and lets its exception out.
            throw new YamlSyntaxException(0, "invalid YAML: a bad escape in a double-quoted string: " + e.getMessage());
        } catch (RuntimeException e) {
            // Any other malformed input it lets out unwrapped is still the input's fault, not Ferry's.
            throw new YamlSyntaxException(0, "invalid YAML: " + e);
        }
    }

    /**
     * The boolean a scalar holds for a key that takes one: YAML 1.2's {@code true} and
     * {@code false} in any case, and, unquoted, YAML 1.1's {@code yes}/{@code no},
     * {@code on}/{@code off} and {@code y}/{@code n} as Go's yaml.v2 reads them into a bool, since
     * Prometheus and statsd_exporter configurations use them; empty when it holds none of these.
     */
    public static Optional<Boolean> bool(Node node) {
        if (!(node instanceof ScalarNode s)) {
            return Optional.empty();
        }
        if (Tag.BOOL.equals(s.getTag())) {
            return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT)));
        }
        if (!s.isPlain()) {
            return Optional.empty();
        }
        return switch (s.getValue()) {
            case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON" -> Optional.of(true);
            case "n", "N", "no", "No", "NO", "off", "Off", "OFF" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static int line(Optional<Mark> mark) {
        return mark.map(m -> m.getLine() + 1).orElse(0);
    }
}
