package io.ferry.scrape.discovery.internal;

import io.ferry.model.Labels;
import io.ferry.model.MetricNames;
import io.ferry.scrape.discovery.TargetGroup;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the target group list of file_sd and http_sd, {@code [{"targets": [...], "labels": {...}}]},
 * with Prometheus' checks: only those two fields, label names valid (legacy rules), no null group,
 * and (Ferry's addition, where Prometheus would drop the target later) no empty address.
 *
 * <pre>{@code
 * List<TargetGroup> groups = TargetGroupReader.read(bytes, Format.YAML, "/etc/sd/a.yml", "__meta_filepath", "/etc/sd/a.yml");
 * // sources "/etc/sd/a.yml:0", "/etc/sd/a.yml:1", ...; every group's labels hold __meta_filepath
 * }</pre>
 *
 * <p>In JSON, targets and label values must be strings (or null, read as empty), as Go's decoder
 * wants; in YAML any scalar is taken as written, as Prometheus' YAML decoder does. Stateless.
 */
public final class TargetGroupReader {
    /** Larger lists are refused rather than read into memory. */
    public static final int MAX_BYTES = 64 << 20;

    public enum Format {
        JSON, YAML;

        /** By the file's extension, as Prometheus decides; null when it is neither. */
        public static Format ofFileName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".json")) {
                return JSON;
            }
            return n.endsWith(".yml") || n.endsWith(".yaml") ? YAML : null;
        }
    }

    private TargetGroupReader() {
    }

    /**
     * The groups in {@code content}, sources {@code sourcePrefix:index}, each with the label
     * {@code metaName=metaValue} among its group labels.
     *
     * @throws SdSyntaxException with the line and the reason; callers name the file or URL
     */
    public static List<TargetGroup> read(byte[] content, Format format, String sourcePrefix, String metaName,
                                         String metaValue) throws SdSyntaxException {
        if (content.length > MAX_BYTES) {
            throw new SdSyntaxException(0, "larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        String text = utf8(content);
        SdNode root = format == Format.JSON ? JsonTree.parse(text) : YamlTree.parse(text, MAX_BYTES);
        if (root instanceof SdNode.Null) {
            return List.of();
        }
        if (!(root instanceof SdNode.Arr list)) {
            throw new SdSyntaxException(root.line(), "expected a list of target groups, got " + SdNode.describe(root));
        }
        List<TargetGroup> groups = new ArrayList<>(list.items().size());
        for (SdNode item : list.items()) {
            int index = groups.size();
            groups.add(group(item, index, format == Format.JSON, sourcePrefix + ":" + index, metaName, metaValue));
        }
        return groups;
    }

    private static TargetGroup group(SdNode item, int index, boolean json, String source, String metaName,
                                     String metaValue) throws SdSyntaxException {
        String which = "target group " + index;
        if (!(item instanceof SdNode.Obj obj)) {
            throw new SdSyntaxException(item.line(), which + " must be an object with \"targets\" and \"labels\", got "
                    + SdNode.describe(item));
        }
        List<Labels> targets = List.of();
        Map<String, String> labels = new LinkedHashMap<>();
        for (SdNode.Field f : obj.fields()) {
            switch (f.name()) {
                case "targets" -> targets = targets(f.value(), json, which);
                case "labels" -> {
                    labels.clear(); // a repeated JSON field replaces the earlier one, as in Go
                    labels(f.value(), json, which, labels);
                }
                default -> throw new SdSyntaxException(f.line(), "unknown field \"" + f.name() + "\" in " + which
                        + " (allowed: targets, labels)");
            }
        }
        labels.put(metaName, metaValue);
        return new TargetGroup(source, targets, Labels.of(labels));
    }

    private static List<Labels> targets(SdNode v, boolean json, String which) throws SdSyntaxException {
        if (v instanceof SdNode.Null) {
            return List.of();
        }
        if (!(v instanceof SdNode.Arr arr)) {
            throw new SdSyntaxException(v.line(), "\"targets\" of " + which + " must be a list of host:port strings, got "
                    + SdNode.describe(v));
        }
        List<Labels> out = new ArrayList<>(arr.items().size());
        for (SdNode t : arr.items()) {
            String address = string(t, json, "target " + out.size() + " of " + which);
            if (address.isEmpty()) {
                throw new SdSyntaxException(t.line(), "target " + out.size() + " of " + which + " is empty (a target is host:port)");
            }
            out.add(Labels.of("__address__", address));
        }
        return out;
    }

    private static void labels(SdNode v, boolean json, String which, Map<String, String> into) throws SdSyntaxException {
        if (v instanceof SdNode.Null) {
            return;
        }
        if (!(v instanceof SdNode.Obj obj)) {
            throw new SdSyntaxException(v.line(), "\"labels\" of " + which + " must be an object of label names to values, got "
                    + SdNode.describe(v));
        }
        for (SdNode.Field f : obj.fields()) {
            if (!MetricNames.isValidLabelName(f.name())) {
                throw new SdSyntaxException(f.line(), "\"" + f.name() + "\" in " + which
                        + " is not a valid label name (letters, digits and _, not starting with a digit)");
            }
            into.put(f.name(), string(f.value(), json, "label \"" + f.name() + "\" of " + which));
        }
    }

    /** A string value; null reads as empty. JSON wants a quoted string, YAML takes any scalar. */
    private static String string(SdNode v, boolean json, String what) throws SdSyntaxException {
        return switch (v) {
            case SdNode.Null n -> "";
            case SdNode.Scalar s when s.quoted() || !json -> s.text();
            default -> throw new SdSyntaxException(v.line(), what + " must be a string, got " + SdNode.describe(v));
        };
    }

    private static String utf8(byte[] content) throws SdSyntaxException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (content[i] == '\n') {
                    line++;
                }
            }
            throw new SdSyntaxException(line, "not valid UTF-8 (byte " + in.position() + ")");
        }
        return out.flip().toString();
    }
}
