package io.ferry.relabel;

import io.ferry.model.GoMatcher;
import io.ferry.model.GoTemplate;
import io.ferry.model.Labels;
import io.ferry.model.MetricNames;

import java.security.DigestException;
import java.util.List;

/**
 * Applies a list of {@code relabel_configs} rules to a label set with Prometheus' semantics
 * ({@code model/relabel/relabel.go}), in order, stopping at the first rule that drops it.
 *
 * <pre>{@code
 * Relabeler r = Relabeler.of(RelabelConfigReader.parse(yaml, "ferry.yml"));
 * RelabelScratch scratch = r.newScratch();           // one per thread, reused
 * Labels out = r.apply(labels, scratch);             // null: dropped
 * }</pre>
 *
 * <p>What each action does, with {@code val} the values of {@code source_labels} (an absent label
 * counting as "") joined by {@code separator}, and setting a label to "" deleting it:
 * <ul>
 *   <li>{@code replace}: when {@code regex} matches the whole of {@code val}, expands
 *       {@code target_label} and {@code replacement} with Go's template rules ({@link GoTemplate});
 *       an expanded target that is not a valid label name changes nothing, an empty result deletes
 *       the target. No match changes nothing.</li>
 *   <li>{@code keep} / {@code drop}: drops the set when {@code regex} does not match / matches {@code val}.</li>
 *   <li>{@code keepequal} / {@code dropequal}: drops the set when {@code val} differs from / equals
 *       the value of {@code target_label}.</li>
 *   <li>{@code hashmod}: sets {@code target_label} to the MD5 of {@code val}'s UTF-8 bytes, its
 *       last 8 bytes read as a big-endian unsigned 64-bit number, modulo {@code modulus}.</li>
 *   <li>{@code labelmap}: for each label whose name matches, sets the name expanded from
 *       {@code replacement} to its value (the original stays). The labels visited are those before
 *       the rule; when two map to the same name, the later in name order wins. Names made here
 *       are not checked: validate after the pass, as Prometheus does.</li>
 *   <li>{@code labeldrop} / {@code labelkeep}: deletes the labels whose name matches / does not match.</li>
 *   <li>{@code lowercase} / {@code uppercase}: sets {@code target_label} to {@code val} mapped code
 *       point by code point (as Go's {@code strings.ToLower}: {@code ß} stays {@code ß} in upper case).</li>
 * </ul>
 *
 * <p>Labels starting with {@code __} are ordinary labels here; the caller gives them their
 * meaning. For target relabeling, the scrape layer first adds {@code __address__},
 * {@code __scheme__}, {@code __metrics_path__}, {@code __param_*}, {@code __scrape_interval__} and
 * the discovery's {@code __meta_*}; after the pass it reads the URL from them, deletes
 * {@code __meta_*}, sets {@code instance} from {@code __address__} when absent, and attaches none
 * of the {@code __}-prefixed labels to samples. For metric relabeling, {@code __name__} is the
 * metric name, and the caller treats a result without it, or with an invalid label name, as an
 * error of that series.
 *
 * <p>Immutable and thread-safe; a {@link RelabelScratch} is not, so each thread uses its own.
 */
public final class Relabeler {
    private static final Relabeler NONE = new Relabeler(List.of());

    private final RelabelRule[] rules;

    private Relabeler(List<RelabelRule> rules) {
        this.rules = rules.toArray(new RelabelRule[0]);
    }

    public static Relabeler of(List<RelabelRule> rules) {
        return new Relabeler(rules);
    }

    /**
     * The number the {@code hashmod} action writes for {@code value}: the last 8 bytes of the MD5 of
     * its UTF-8 bytes, as a big-endian unsigned 64-bit number, modulo {@code modulus} (unsigned).
     * Prometheus' sharding recipe keeps a target when this, of its {@code __address__}, equals the
     * member's index.
     */
    public static long hashmod(CharSequence value, long modulus) {
        return Long.remainderUnsigned(md5Tail(value, NONE.newScratch()), modulus);
    }

    /** Whether there are no rules, so that {@link #apply} returns its input. */
    public boolean isEmpty() {
        return rules.length == 0;
    }

    /** Working memory for this relabeler's passes, for one thread at a time. */
    public RelabelScratch newScratch() {
        GoMatcher[] matchers = new GoMatcher[rules.length];
        for (int i = 0; i < rules.length; i++) {
            matchers[i] = rules[i].regex().matcher();
        }
        return new RelabelScratch(this, matchers);
    }

    /** {@link #apply(Labels, RelabelScratch)} with fresh working memory: for one-off calls. */
    public Labels apply(Labels labels) {
        return apply(labels, newScratch());
    }

    /**
     * The relabeled set, or null when a rule drops it. Returns {@code labels} itself when nothing
     * changed. {@code scratch} must come from this relabeler's {@link #newScratch()}.
     */
    public Labels apply(Labels labels, RelabelScratch scratch) {
        if (scratch.owner != this) {
            throw new IllegalArgumentException("the scratch belongs to another Relabeler");
        }
        if (rules.length == 0) {
            return labels;
        }
        WorkingLabels w = scratch.labels;
        w.load(labels);
        for (int i = 0; i < rules.length; i++) {
            if (!applyRule(rules[i], scratch.matchers[i], w, scratch)) {
                return null;
            }
        }
        return w.sameAs(labels) ? labels : w.build(scratch.builder);
    }

    /** One rule; false when it drops the set. */
    private static boolean applyRule(RelabelRule rule, GoMatcher m, WorkingLabels w, RelabelScratch s) {
        switch (rule.action()) {
            case DROP -> {
                return !m.matchesWhole(joined(rule, w, s));
            }
            case KEEP -> {
                return m.matchesWhole(joined(rule, w, s));
            }
            case DROPEQUAL -> {
                return !w.get(rule.targetLabel().source()).contentEquals(joined(rule, w, s));
            }
            case KEEPEQUAL -> {
                return w.get(rule.targetLabel().source()).contentEquals(joined(rule, w, s));
            }
            case REPLACE -> replace(rule, m, w, s);
            case LOWERCASE, UPPERCASE -> {
                CharSequence val = joined(rule, w, s);
                StringBuilder out = s.value;
                out.setLength(0);
                boolean lower = rule.action() == RelabelAction.LOWERCASE;
                for (int i = 0; i < val.length(); ) {
                    int cp = Character.codePointAt(val, i);
                    out.appendCodePoint(lower ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
                    i += Character.charCount(cp);
                }
                w.set(rule.targetLabel().source(), out);
            }
            case HASHMOD -> {
                long h = md5Tail(joined(rule, w, s), s);
                String mod = Long.toUnsignedString(Long.remainderUnsigned(h, rule.modulus()));
                w.set(rule.targetLabel().source(), mod);
            }
            case LABELMAP -> {
                int n = w.snapshot(s.snapshot);
                String[] names = s.snapshot[0];
                String[] values = s.snapshot[1];
                for (int i = 0; i < n; i++) {
                    if (m.matchesWhole(names[i])) {
                        s.target.setLength(0);
                        rule.replacement().expand(s.target, m);
                        w.set(s.target, values[i]);
                    }
                }
            }
            case LABELDROP, LABELKEEP -> {
                boolean dropMatching = rule.action() == RelabelAction.LABELDROP;
                for (int i = 0; i < w.size(); ) {
                    if (m.matchesWhole(w.name(i)) == dropMatching) {
                        w.removeAt(i);
                    } else {
                        i++;
                    }
                }
            }
        }
        return true;
    }

    private static void replace(RelabelRule rule, GoMatcher m, WorkingLabels w, RelabelScratch s) {
        CharSequence val = joined(rule, w, s);
        GoTemplate target = rule.targetLabel();
        GoTemplate replacement = rule.replacement();
        // Prometheus' fast path, kept for its one visible effect: with the default regex and no
        // templates, an empty val sets the literal replacement without consulting the regex.
        if (val.isEmpty() && !rule.regexSet() && !target.hasDollar() && !replacement.hasDollar()) {
            w.set(target.source(), replacement.constant());
            return;
        }
        if (!m.matchesWhole(val)) {
            return;
        }
        CharSequence name;
        String constant = target.constant();
        if (constant != null && !target.hasDollar()) {
            name = constant;
        } else {
            s.target.setLength(0);
            name = target.expand(s.target, m);
            if (!MetricNames.isValidLabelName(name)) {
                return;
            }
        }
        s.value.setLength(0);
        replacement.expand(s.value, m);
        w.set(name, s.value);
    }

    /** The source labels' values joined by the separator, without copying when there is at most one. */
    private static CharSequence joined(RelabelRule rule, WorkingLabels w, RelabelScratch s) {
        List<String> sources = rule.sourceLabels();
        int n = sources.size();
        if (n == 0) {
            return "";
        }
        if (n == 1) {
            return w.get(sources.get(0));
        }
        StringBuilder b = s.joined;
        b.setLength(0);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(rule.separator());
            }
            b.append(w.get(sources.get(i)));
        }
        return b;
    }

    /** MD5 of {@code val}'s UTF-8 bytes; its last 8 bytes as a big-endian number. */
    static long md5Tail(CharSequence val, RelabelScratch s) {
        int len = utf8(val, s);
        s.md5.reset();
        s.md5.update(s.utf8, 0, len);
        try {
            s.md5.digest(s.digest, 0, 16);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        long h = 0;
        for (int i = 8; i < 16; i++) {
            h = h << 8 | (s.digest[i] & 0xFF);
        }
        return h;
    }

    /** Encodes {@code val} as UTF-8 into the scratch buffer (a lone surrogate as {@code ?}, as String.getBytes does). */
    private static int utf8(CharSequence val, RelabelScratch s) {
        int need = val.length() * 3;
        if (s.utf8.length < need) {
            s.utf8 = new byte[Math.max(need, s.utf8.length * 2)];
        }
        byte[] b = s.utf8;
        int o = 0;
        for (int i = 0; i < val.length(); i++) {
            char c = val.charAt(i);
            if (c < 0x80) {
                b[o++] = (byte) c;
            } else if (c < 0x800) {
                b[o++] = (byte) (0xC0 | c >> 6);
                b[o++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < val.length() && Character.isLowSurrogate(val.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, val.charAt(++i));
                b[o++] = (byte) (0xF0 | cp >> 18);
                b[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[o++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                b[o++] = '?';
            } else {
                b[o++] = (byte) (0xE0 | c >> 12);
                b[o++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[o++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return o;
    }
}
