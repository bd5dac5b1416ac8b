package io.ferry.config.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.config.ConfigException;
import io.ferry.relabel.RelabelRule;
import io.ferry.config.RelabelConfigReader;
import io.ferry.model.GoMatcher;
import io.ferry.model.GoRegex;
import io.ferry.model.GoTemplate;
import io.ferry.model.Labels;
import io.ferry.relabel.Relabeler;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzzes the relabeling syntaxes: RE2 regexes, Go's replacement templates,
 * and the {@code relabel_configs} reader with the relabeler behind it.
 *
 * <ol>
 *   <li>{@link GoRegex#compile} returns or throws {@link IllegalArgumentException}; on the syntax
 *       both dialects read alike (letters a-c, {@code . * + ? | ( )}), it matches exactly what
 *       Java's own reading of the text matches.</li>
 *   <li>{@link GoTemplate#expand} agrees with a direct reading of Go's {@code Regexp.Expand}
 *       algorithm ({@link #goExpand}).</li>
 *   <li>The reader returns rules or throws {@link ConfigException}; the rules it returns apply to
 *       a label set without throwing.</li>
 * </ol>
 * Without {@code JAZZER_FUZZ} this replays {@code RelabelConfigFuzzTestInputs/fuzz}; see {@code docs/fuzzing.md}.
 */
class RelabelConfigFuzzTest {
    private static final Pattern SHARED_SYNTAX = Pattern.compile("[abc.*+?|()]*");
    private static final Labels LABELS = Labels.of("__name__", "up", "job", "api", "instance", "h:9100", "a", "");

    @FuzzTest(maxDuration = "5m")
    void fuzz(FuzzedDataProvider data) {
        String regex = data.consumeString(24);
        String template = data.consumeString(24);
        String input = data.consumeString(12);
        GoRegex re = null;
        try {
            re = GoRegex.compile(regex);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().contains(regex)) {
                throw new AssertionError("error does not quote the regex: " + e.getMessage(), e);
            }
        }
        if (re != null) {
            GoMatcher m = re.matcher();
            boolean matched = m.matchesWhole(input);
            if (SHARED_SYNTAX.matcher(regex).matches()) {
                boolean java = Pattern.compile(regex, Pattern.DOTALL).matcher(input).matches();
                if (java != matched) {
                    throw new AssertionError("GoRegex(" + regex + ") on " + input + " = " + matched + ", Java says " + java);
                }
            }
            if (matched) {
                String got = GoTemplate.parse(template).expand(new StringBuilder(), m).toString();
                String want = goExpand(template, re, m, input);
                if (!got.equals(want)) {
                    throw new AssertionError("expand(" + template + ") = " + got + ", Go's algorithm gives " + want);
                }
            }
        }
        List<RelabelRule> rules;
        try {
            rules = RelabelConfigReader.parse("relabel_configs:\n" + data.consumeRemainingAsString(), "ferry.yml");
        } catch (ConfigException e) {
            return;
        }
        Relabeler.of(rules).apply(LABELS);
    }

    /** Go's Regexp.expand, step by step over the template text (the oracle). */
    static String goExpand(String template, GoRegex re, GoMatcher m, String src) {
        StringBuilder dst = new StringBuilder();
        String t = template;
        while (!t.isEmpty()) {
            int dollar = t.indexOf('$');
            if (dollar < 0) {
                break;
            }
            dst.append(t, 0, dollar);
            t = t.substring(dollar + 1);
            if (t.startsWith("$")) {
                dst.append('$');
                t = t.substring(1);
                continue;
            }
            // extract
            boolean brace = t.startsWith("{");
            String s = brace ? t.substring(1) : t;
            int i = 0;
            while (i < s.length()) {
                int cp = s.codePointAt(i);
                if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                    break;
                }
                i += Character.charCount(cp);
            }
            if (i == 0 || brace && (i >= s.length() || s.charAt(i) != '}')) {
                dst.append('$');
                continue;
            }
            String name = s.substring(0, i);
            t = s.substring(brace ? i + 1 : i);
            int num = 0;
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                if (c < '0' || c > '9' || num >= 100_000_000) {
                    num = -1;
                    break;
                }
                num = num * 10 + c - '0';
            }
            if (name.charAt(0) == '0' && name.length() > 1) {
                num = -1;
            }
            if (num >= 0) {
                if (num <= m.groupCount() && m.start(num) >= 0) {
                    dst.append(src, m.start(num), m.end(num));
                }
            } else {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (re.groupIndex(name) >= 0 && isNamed(re, g, name) && m.start(g) >= 0) {
                        dst.append(src, m.start(g), m.end(g));
                        break;
                    }
                }
            }
        }
        return dst.append(t).toString();
    }

    /** Whether group {@code g} carries {@code name}: the source text's (?P<name> or (?<name> opening of group g. */
    private static boolean isNamed(GoRegex re, int g, String name) {
        String src = re.source();
        int group = 0;
        boolean inClass = false;
        for (int i = 0; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\\') {
                if (src.startsWith("Q", i + 1)) {
                    int end = src.indexOf("\\E", i + 2);
                    i = end < 0 ? src.length() : end + 1;
                } else {
                    i++;
                }
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                if (src.startsWith("]", i + 1)) {
                    i++;
                } else if (src.startsWith("^]", i + 1)) {
                    i += 2;
                }
                continue;
            }
            if (c != '(') {
                continue;
            }
            String named = src.startsWith("?P<", i + 1) ? src.substring(i + 4) : src.startsWith("?<", i + 1)
                    && !src.startsWith("?<=", i + 1) && !src.startsWith("?<!", i + 1) ? src.substring(i + 3) : null;
            if (named != null || !src.startsWith("?", i + 1)) {
                group++;
                if (group == g) {
                    return named != null && named.startsWith(name + ">");
                }
            }
        }
        return false;
    }
}
