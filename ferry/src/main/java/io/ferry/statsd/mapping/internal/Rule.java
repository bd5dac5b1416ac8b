package io.ferry.statsd.mapping.internal;

import io.ferry.model.GoMatcher;
import io.ferry.model.GoRegex;
import io.ferry.model.GoTemplate;
import io.ferry.model.Labels;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.mapping.Mapping;

import java.util.Map;

/**
 * One checked rule of the {@code mappings:} list: what it matches and the {@link Mapping} it gives,
 * its name and label values still templates. A glob rule expands {@code $n} from its {@code *}
 * captures ({@link GlobTemplate}); a regex rule with Go's {@code Regexp.ExpandString} rules
 * ({@link GoTemplate}: {@code $0}, named groups, {@code $1_foo} is the group named {@code 1_foo}).
 *
 * <pre>{@code
 * Rule r = Rule.glob(0, "a.*", null, "a_${1}", Map.of("k", "$1"), settings);
 * r.expandGlob(new String[] {"b"});   // Mapping "a_b" {k="b"} with the settings' options
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Rule {
    private final int order;
    private final String match;
    private final MetricKind kind;
    private final Mapping settings;
    private final String[] labelNames;
    private final GoRegex regex;
    private final GlobTemplate globName;
    private final GlobTemplate[] globLabels;
    private final GoTemplate regexName;
    private final GoTemplate[] regexLabels;
    /** The result when no template has a reference (glob rules only), built once. */
    private final Mapping constant;

    private Rule(int order, String match, MetricKind kind, Mapping settings, String[] labelNames, GoRegex regex,
            GlobTemplate globName, GlobTemplate[] globLabels, GoTemplate regexName, GoTemplate[] regexLabels) {
        this.order = order;
        this.match = match;
        this.kind = kind;
        this.settings = settings;
        this.labelNames = labelNames;
        this.regex = regex;
        this.globName = globName;
        this.globLabels = globLabels;
        this.regexName = regexName;
        this.regexLabels = regexLabels;
        this.constant = globName != null && isConstant(globName, globLabels) ? expandGlob(new String[0]) : null;
    }

    /**
     * A glob rule.
     *
     * @param order    its place in the file (the first rule wins when ordering is on)
     * @param kind     {@code match_metric_type} ({@link MetricKind#SET} never), or null for every kind
     * @param settings the options and action; its name and labels are ignored
     */
    public static Rule glob(int order, String match, MetricKind kind, String name, Map<String, String> labels, Mapping settings) {
        int captures = 0;
        for (String segment : GlobTree.split(match)) {
            if (segment.equals("*")) {
                captures++;
            }
        }
        GlobTemplate[] values = new GlobTemplate[labels.size()];
        int i = 0;
        for (String v : labels.values()) {
            values[i++] = GlobTemplate.parse(v, captures);
        }
        return new Rule(order, match, kind, settings, labels.keySet().toArray(String[]::new), null,
                GlobTemplate.parse(name, captures), values, null, null);
    }

    /** A regex rule, {@code regex} already compiled (so the caller reports a bad one). */
    public static Rule regex(int order, GoRegex regex, MetricKind kind, String name, Map<String, String> labels, Mapping settings) {
        GoTemplate[] values = new GoTemplate[labels.size()];
        int i = 0;
        for (String v : labels.values()) {
            values[i++] = GoTemplate.parse(v);
        }
        return new Rule(order, regex.source(), kind, settings, labels.keySet().toArray(String[]::new), regex,
                null, null, GoTemplate.parse(name), values);
    }

    private static boolean isConstant(GlobTemplate name, GlobTemplate[] labels) {
        if (name.constant() == null) {
            return false;
        }
        for (GlobTemplate t : labels) {
            if (t.constant() == null) {
                return false;
            }
        }
        return true;
    }

    public int order() {
        return order;
    }

    /** The {@code match} text. */
    public String match() {
        return match;
    }

    public boolean isRegex() {
        return regex != null;
    }

    public GoRegex regex() {
        return regex;
    }

    /** Whether the rule applies to events of {@code kind} (a SET is looked up as a GAUGE before). */
    public boolean appliesTo(MetricKind kind) {
        return this.kind == null || this.kind == kind;
    }

    /** The result of a glob match whose {@code *}s captured {@code captures}. */
    public Mapping expandGlob(String[] captures) {
        if (constant != null) {
            return constant;
        }
        Labels.Builder labels = Labels.builder();
        for (int i = 0; i < labelNames.length; i++) {
            labels.add(labelNames[i], globLabels[i].expand(captures));
        }
        return result(globName.expand(captures), labels.build());
    }

    /** The result of a regex match, {@code m} positioned on it. */
    public Mapping expandRegex(GoMatcher m) {
        Labels.Builder labels = Labels.builder();
        StringBuilder buf = new StringBuilder();
        for (int i = 0; i < labelNames.length; i++) {
            buf.setLength(0);
            labels.add(labelNames[i], regexLabels[i].expand(buf, m).toString());
        }
        buf.setLength(0);
        return result(regexName.expand(buf, m).toString(), labels.build());
    }

    private Mapping result(String name, Labels labels) {
        Mapping s = settings;
        return new Mapping(true, name, labels, s.honorLabels(), s.action(), s.observerType(), s.histogram(),
                s.summary(), s.ttlMillis(), s.scale(), s.help());
    }
}
