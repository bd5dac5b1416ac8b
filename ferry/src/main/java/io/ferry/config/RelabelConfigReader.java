package io.ferry.config;

import io.ferry.model.GoRegex;
import io.ferry.model.GoTemplate;
import io.ferry.model.MetricNames;
import io.ferry.relabel.RelabelAction;
import io.ferry.relabel.RelabelRule;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code relabel_configs} rules and validates them as Prometheus does
 * ({@code model/relabel/relabel.go}, {@code Config.Validate}), with Ferry's errors: file, line and
 * key path, as in
 * {@code ferry.yml:12: scrape_configs[0].relabel_configs[2].action: unknown action "keepp" (one of replace, ...)}.
 *
 * <pre>{@code
 * // in a section reader of this package:
 * List<RelabelRule> rules = scrapeItem.mappings("relabel_configs", RelabelConfigReader::read);
 * }</pre>
 *
 * <p>Label names follow Prometheus' legacy rules ({@code [a-zA-Z_][a-zA-Z0-9_]*}), as everywhere
 * in Ferry; Prometheus 3's UTF-8 names are not accepted.
 */
public final class RelabelConfigReader {
    /** Prometheus' {@code relabelTarget}: a label name in which {@code $1}, {@code ${name}} may stand for parts. */
    private static final Pattern TEMPLATE_TARGET =
            Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

    private static final Set<RelabelAction> NEED_TARGET = EnumSet.of(RelabelAction.REPLACE, RelabelAction.HASHMOD,
            RelabelAction.LOWERCASE, RelabelAction.UPPERCASE, RelabelAction.KEEPEQUAL, RelabelAction.DROPEQUAL);
    private static final Set<RelabelAction> PLAIN_TARGET = EnumSet.of(RelabelAction.LOWERCASE,
            RelabelAction.UPPERCASE, RelabelAction.KEEPEQUAL, RelabelAction.DROPEQUAL);

    private static final GoRegex DEFAULT_REGEX = GoRegex.compile(RelabelRule.DEFAULT_REGEX);
    private static final GoTemplate DEFAULT_REPLACEMENT = GoTemplate.parse(RelabelRule.DEFAULT_REPLACEMENT);
    private static final GoTemplate NO_TARGET = GoTemplate.parse("");

    private RelabelConfigReader() {
    }

    /**
     * Reads a document whose only key is {@code relabel_configs}, a list of rules (for tests, tools
     * and fuzzing; the config file's sections call {@link #read(YamlMapping)} per item).
     */
    public static List<RelabelRule> parse(String yaml, String fileName) throws ConfigException {
        var root = ConfigLoader.compose(yaml, fileName);
        if (root.isEmpty()) {
            return List.of();
        }
        YamlMapping m = YamlMapping.root(fileName, root.get());
        m.allowOnly("relabel_configs");
        return m.mappings("relabel_configs", RelabelConfigReader::read);
    }

    /** One rule, from one item of a {@code relabel_configs} sequence. */
    static RelabelRule read(YamlMapping item) throws ConfigException {
        item.allowOnly("source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action");
        RelabelAction action = item.string("action", RelabelAction::parse).orElse(RelabelAction.REPLACE);
        List<String> sources = item.strings("source_labels");
        for (int i = 0; i < sources.size(); i++) {
            if (!MetricNames.isValidLabelName(sources.get(i))) {
                throw item.error("source_labels", "\"" + sources.get(i) + "\" (item " + i
                        + ") is not a valid label name (letters, digits and _, not starting with a digit)");
            }
        }
        String separator = item.string("separator").orElse(RelabelRule.DEFAULT_SEPARATOR);
        GoRegex regex = item.string("regex", GoRegex::compile).orElse(DEFAULT_REGEX);
        boolean regexSet = item.has("regex");
        long modulus = item.integer("modulus").orElse(0L);
        if (modulus < 0) {
            throw item.error("modulus", "must not be negative, got " + modulus);
        }
        String target = item.string("target_label").orElse("");
        String replacement = item.string("replacement").orElse(RelabelRule.DEFAULT_REPLACEMENT);
        String a = action.yamlName();

        if (action == RelabelAction.HASHMOD && modulus == 0) {
            throw item.has("modulus") ? item.error("modulus", "must not be 0 for action hashmod")
                    : item.missing("modulus", "required for action hashmod (a positive number)");
        }
        if (NEED_TARGET.contains(action) && target.isEmpty()) {
            throw item.has("target_label") ? item.error("target_label", "must not be empty for action " + a)
                    : item.missing("target_label", "required for action " + a);
        }
        if (action == RelabelAction.REPLACE && !target.contains("$") && !MetricNames.isValidLabelName(target)
                || action == RelabelAction.REPLACE && target.contains("$") && !TEMPLATE_TARGET.matcher(target).matches()) {
            throw item.error("target_label", "\"" + target + "\" is not a valid label name"
                    + " (letters, digits and _, not starting with a digit; $1 or ${name} may stand for parts) for action " + a);
        }
        if ((PLAIN_TARGET.contains(action) || action == RelabelAction.HASHMOD) && !MetricNames.isValidLabelName(target)) {
            throw item.error("target_label", "\"" + target + "\" is not a valid label name"
                    + " (letters, digits and _, not starting with a digit; no templates) for action " + a);
        }
        if (PLAIN_TARGET.contains(action) && !replacement.equals(RelabelRule.DEFAULT_REPLACEMENT)) {
            throw item.error("replacement", "cannot be set for action " + a);
        }
        if (action == RelabelAction.LABELMAP && !TEMPLATE_TARGET.matcher(replacement).matches()) {
            throw item.error("replacement", "\"" + replacement + "\" is not a valid label name"
                    + " (letters, digits and _; $1 or ${name} may stand for parts) for action labelmap");
        }
        if (action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL) {
            Optional<String> extra = regexSet ? Optional.of("regex") : modulus != 0 ? Optional.of("modulus")
                    : !separator.equals(RelabelRule.DEFAULT_SEPARATOR) ? Optional.of("separator")
                    : Optional.empty();
            if (extra.isPresent()) {
                throw item.error(extra.get(), "cannot be set for action " + a
                        + ", which takes only source_labels and target_label");
            }
        }
        if (action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP) {
            Optional<String> extra = item.has("source_labels") ? Optional.of("source_labels")
                    : !target.isEmpty() ? Optional.of("target_label")
                    : modulus != 0 ? Optional.of("modulus")
                    : !separator.equals(RelabelRule.DEFAULT_SEPARATOR) ? Optional.of("separator")
                    : !replacement.equals(RelabelRule.DEFAULT_REPLACEMENT) ? Optional.of("replacement")
                    : Optional.empty();
            if (extra.isPresent()) {
                throw item.error(extra.get(), "cannot be set for action " + a + ", which takes only regex");
            }
        }
        GoTemplate targetTemplate = target.isEmpty() ? NO_TARGET : GoTemplate.parse(target);
        GoTemplate replacementTemplate = replacement.equals(RelabelRule.DEFAULT_REPLACEMENT)
                ? DEFAULT_REPLACEMENT : GoTemplate.parse(replacement);
        return new RelabelRule(sources, separator, regex, regexSet, modulus, targetTemplate, replacementTemplate, action);
    }
}
