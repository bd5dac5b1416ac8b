package io.ferry.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression in Go's RE2 syntax, as Prometheus writes them in {@code relabel_configs},
 * compiled to a {@link Pattern} that matches the same strings and numbers its groups the same way.
 *
 * <pre>{@code
 * GoRegex re = GoRegex.compile("(?P<host>[^:]+):\\d+");
 * Matcher m = re.matcher("db-1:9100");
 * m.matches();                  // true: use matches(), the regex is meant fully anchored
 * re.groupIndex("host");        // 1
 * }</pre>
 *
 * <p>The RE2 text is translated, not passed through, because the two dialects read some text
 * differently: {@code (?P<name>)} groups (names may hold {@code _}), {@code $} (end of text only
 * in RE2), {@code \s} and {@code \v}, {@code [[:alpha:]]}, {@code &&} and {@code [} inside
 * classes, octal escapes, {@code \p{Greek}}, and {@code x{,3}}. Constructs RE2 refuses are refused
 * here with the reason, although Java would accept them: backreferences, lookarounds, atomic
 * groups, possessive quantifiers, Java-only escapes ({@code \h}, {@code \R}, {@code \G}...),
 * the flags other than {@code i m s}, and repeat counts above 1000. RE2's ungreedy flag
 * {@code U} is refused too (Java's {@code U} means something else). The pattern is compiled with
 * {@code DOTALL} (Prometheus wraps relabel regexes in {@code (?s:...)}), {@code UNIX_LINES}
 * (only {@code \n} ends a line, as in RE2) and {@code UNICODE_CASE}.
 *
 * <p>Not reproduced: RE2 runs in linear time, Java's engine backtracks, so a pathological regex
 * such as {@code (a*)*b} can be slow on long input. Immutable and thread-safe; {@link Matcher}s
 * are not, so keep one per thread.
 */
public final class GoRegex {
    /** RE2's limit on {@code {n,m}} counts. */
    static final int MAX_REPEAT = 1000;

    private static final int[] NO_GROUPS = new int[0];

    private final String source;
    private final Pattern pattern;
    private final Map<String, int[]> names;

    private GoRegex(String source, Pattern pattern, Map<String, int[]> names) {
        this.source = source;
        this.pattern = pattern;
        this.names = names;
    }

    /**
     * Compiles RE2 syntax; throws {@link IllegalArgumentException} whose message says what is
     * wrong and where ({@code at offset 3}), for syntax RE2 would refuse too.
     */
    public static GoRegex compile(String re2) {
        Translator t = new Translator(re2);
        String java = t.translate();
        try {
            Pattern p = Pattern.compile(java, Pattern.DOTALL | Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
            if (p.matcher("").groupCount() != t.groups) {
                throw new IllegalStateException("group count mismatch translating " + re2); // a bug here, not in the input
            }
            return new GoRegex(re2, p, Map.copyOf(t.names));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex \"" + re2 + "\": " + e.getDescription());
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("invalid regex \"" + re2 + "\": nested too deeply");
        }
    }

    /** The RE2 text as given. */
    public String source() {
        return source;
    }

    /** The translated Java pattern; match it with {@link Matcher#matches()} for Prometheus' anchoring. */
    public Pattern pattern() {
        return pattern;
    }

    public Matcher matcher(CharSequence input) {
        return pattern.matcher(input);
    }

    /** Whether the whole of {@code input} matches, as Prometheus' anchored {@code ^(?s:re)$} does. */
    public boolean matchesWhole(CharSequence input) {
        return pattern.matcher(input).matches();
    }

    /** The number of capturing groups, named ones included. */
    public int groupCount() {
        return pattern.matcher("").groupCount();
    }

    /** The first group named {@code name}, or -1. */
    public int groupIndex(String name) {
        int[] g = names.get(name);
        return g == null ? -1 : g[0];
    }

    /** Every group named {@code name}, in order (RE2 lets a name repeat), possibly none. */
    int[] groupIndexes(String name) {
        return names.getOrDefault(name, NO_GROUPS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoRegex r && r.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    /** One pass over the RE2 text, writing Java syntax; not reusable. */
    private static final class Translator {
        private final String re;
        private final StringBuilder out;
        private final Map<String, int[]> names = new HashMap<>();
        /** Whether {@code (?m)} is on, per open group, innermost last. */
        private final Deque<Boolean> multiline = new ArrayDeque<>();
        private boolean multilineNow;
        private int groups;
        private int i;

        Translator(String re) {
            this.re = re;
            this.out = new StringBuilder(re.length() + 16);
        }

        String translate() {
            boolean canRepeat = false; // whether the last item is something a quantifier may follow
            while (i < re.length()) {
                char c = re.charAt(i);
                switch (c) {
                    case '\\' -> {
                        escape(false);
                        canRepeat = true;
                    }
                    case '[' -> {
                        charClass();
                        canRepeat = true;
                    }
                    case '(' -> {
                        group();
                        canRepeat = false;
                    }
                    case ')' -> {
                        if (multiline.isEmpty()) {
                            throw error("unexpected )");
                        }
                        multilineNow = multiline.pop();
                        out.append(')');
                        i++;
                        canRepeat = true;
                    }
                    case '$' -> {
                        out.append(multilineNow ? "$" : "\\z");
                        i++;
                        canRepeat = true;
                    }
                    case '*', '+', '?' -> {
                        if (!canRepeat) {
                            throw error("missing argument to repetition operator " + c);
                        }
                        out.append(c);
                        i++;
                        afterQuantifier();
                        canRepeat = false;
                    }
                    case '{' -> {
                        if (repeat()) {
                            if (!canRepeat) {
                                throw error("missing argument to repetition operator {");
                            }
                            afterQuantifier();
                            canRepeat = false;
                        } else {
                            out.append("\\{");
                            i++;
                            canRepeat = true;
                        }
                    }
                    case '}' -> {
                        out.append("\\}");
                        i++;
                        canRepeat = true;
                    }
                    case '|' -> {
                        out.append('|');
                        i++;
                        canRepeat = false;
                    }
                    case '^' -> {
                        out.append('^');
                        i++;
                        canRepeat = true;
                    }
                    default -> {
                        int cp = re.codePointAt(i);
                        out.appendCodePoint(cp);
                        i += Character.charCount(cp);
                        canRepeat = true;
                    }
                }
            }
            if (!multiline.isEmpty()) {
                throw error("missing closing )");
            }
            return out.toString();
        }

        /** After {@code * + ? {n,m}}: an optional lazy {@code ?}, then no further quantifier. */
        private void afterQuantifier() {
            if (i < re.length() && re.charAt(i) == '?') {
                out.append('?');
                i++;
            }
            if (i < re.length()) {
                char c = re.charAt(i);
                if (c == '*' || c == '+' || c == '?' || c == '{' && repeatAhead()) {
                    throw error("invalid nested repetition operator " + c
                            + (c == '+' ? " (possessive quantifiers are not RE2)" : ""));
                }
            }
        }

        private boolean repeatAhead() {
            int save = i;
            int len = out.length();
            try {
                return repeat();
            } catch (IllegalArgumentException e) {
                return true;
            } finally {
                i = save;
                out.setLength(len);
            }
        }

        /** Reads {@code {n}}, {@code {n,}} or {@code {n,m}} at {@link #i}; false (nothing read) for anything else, a literal in RE2. */
        private boolean repeat() {
            int j = i + 1;
            int n0 = j;
            while (j < re.length() && isDigit(re.charAt(j))) {
                j++;
            }
            if (j == n0 || j >= re.length()) {
                return false;
            }
            String min = re.substring(n0, j);
            String max = min;
            if (re.charAt(j) == ',') {
                j++;
                int m0 = j;
                while (j < re.length() && isDigit(re.charAt(j))) {
                    j++;
                }
                max = j == m0 ? null : re.substring(m0, j);
            }
            if (j >= re.length() || re.charAt(j) != '}') {
                return false;
            }
            int lo = count(min);
            int hi = max == null ? -1 : count(max);
            if (lo > MAX_REPEAT || hi > MAX_REPEAT || hi >= 0 && hi < lo) {
                throw error("invalid repeat count " + re.substring(i, j + 1) + " (at most " + MAX_REPEAT + ")");
            }
            out.append('{').append(lo);
            if (max == null) {
                out.append(',');
            } else if (!max.equals(min) || re.charAt(n0 + min.length()) == ',') {
                out.append(',').append(hi);
            }
            out.append('}');
            i = j + 1;
            return true;
        }

        private static int count(String digits) {
            return digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        }

        private void group() {
            multiline.push(multilineNow);
            if (i + 1 >= re.length() || re.charAt(i + 1) != '?') {
                out.append('(');
                groups++;
                i++;
                return;
            }
            int j = i + 2;
            if (re.startsWith(":", j)) {
                out.append("(?:");
                i = j + 1;
                return;
            }
            if (re.startsWith("P<", j) || re.startsWith("<", j) && !re.startsWith("<=", j) && !re.startsWith("<!", j)) {
                int start = re.charAt(j) == 'P' ? j + 2 : j + 1;
                int end = re.indexOf('>', start);
                if (end < 0) {
                    throw error("invalid named capture (missing >)");
                }
                String name = re.substring(start, end);
                if (!isCaptureName(name)) {
                    throw error("invalid named capture \"" + name + "\" (letters, digits and _)");
                }
                groups++;
                int[] prev = names.get(name);
                int[] next = prev == null ? new int[] {groups} : append(prev, groups);
                names.put(name, next);
                out.append('(');
                i = end + 1;
                return;
            }
            if (re.startsWith("P=", j) || re.startsWith("P>", j)) {
                throw error("backreferences are not supported (RE2)");
            }
            if (re.startsWith("=", j) || re.startsWith("!", j) || re.startsWith("<=", j) || re.startsWith("<!", j)) {
                throw error("lookaround assertions are not supported (RE2)");
            }
            if (re.startsWith(">", j)) {
                throw error("atomic groups are not supported (RE2)");
            }
            // Flags: (?flags) or (?flags:re), flags from i m s, optionally negated after '-'.
            boolean negate = false;
            boolean any = false;
            boolean afterDash = false;
            boolean m = multilineNow;
            int k = j;
            for (; k < re.length(); k++) {
                char c = re.charAt(k);
                if (c == ':' || c == ')') {
                    break;
                }
                switch (c) {
                    case 'i', 's' -> {
                        any = true;
                        afterDash = false;
                    }
                    case 'm' -> {
                        m = !negate;
                        any = true;
                        afterDash = false;
                    }
                    case '-' -> {
                        if (negate) {
                            throw error("invalid or unsupported Perl syntax (two - in flags)");
                        }
                        negate = true;
                        afterDash = true;
                    }
                    case 'U' -> throw error("the ungreedy flag U is not supported");
                    default -> throw error("invalid or unsupported Perl syntax (?" + c
                            + (Character.isLetter(c) ? "; flags are i, m, s)" : ")"));
                }
            }
            if (k >= re.length()) {
                throw error("missing closing )");
            }
            if (!any || afterDash) {
                throw error("invalid or unsupported Perl syntax (empty flags)");
            }
            out.append(re, i, k + 1);
            if (re.charAt(k) == ')') {
                multiline.pop(); // (?flags) opens no group: it changes the enclosing one
                multilineNow = m;
            } else {
                multilineNow = m;
            }
            i = k + 1;
        }

        private void charClass() {
            out.append('[');
            i++;
            if (i < re.length() && re.charAt(i) == '^') {
                out.append('^');
                i++;
            }
            boolean first = true;
            while (true) {
                if (i >= re.length()) {
                    throw error("missing closing ]");
                }
                char c = re.charAt(i);
                if (c == ']' && !first) {
                    out.append(']');
                    i++;
                    return;
                }
                first = false;
                switch (c) {
                    case '\\' -> escape(true);
                    case '[' -> {
                        if (!posixClass()) {
                            out.append("\\[");
                            i++;
                        }
                    }
                    case ']', '&', '^' -> {
                        out.append('\\').append(c);
                        i++;
                    }
                    default -> {
                        int cp = re.codePointAt(i);
                        out.appendCodePoint(cp);
                        i += Character.charCount(cp);
                    }
                }
            }
        }

        private static final Map<String, String> POSIX = Map.ofEntries(
                Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
                Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
                Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
                Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
                Map.entry("word", "word"), Map.entry("xdigit", "XDigit"));

        /** {@code [:alpha:]} inside a class; false when {@link #i} is at a plain {@code [}. */
        private boolean posixClass() {
            if (!re.startsWith("[:", i)) {
                return false;
            }
            int end = re.indexOf(":]", i + 2);
            if (end < 0) {
                return false;
            }
            String name = re.substring(i + 2, end);
            boolean negated = name.startsWith("^");
            String java = POSIX.get(negated ? name.substring(1) : name);
            if (java == null) {
                throw error("invalid character class range [:" + name + ":]");
            }
            if (java.equals("word")) {
                out.append(negated ? "\\W" : "\\w");
            } else {
                out.append(negated ? "\\P{" : "\\p{").append(java).append('}');
            }
            i = end + 2;
            return true;
        }

        /** An escape at {@link #i}, inside a character class or not. */
        private void escape(boolean inClass) {
            if (i + 1 >= re.length()) {
                throw error("trailing backslash at end of expression");
            }
            char c = re.charAt(i + 1);
            i += 2;
            switch (c) {
                case '1', '2', '3', '4', '5', '6', '7', '0' -> {
                    if (c != '0' && (i >= re.length() || !isOctal(re.charAt(i)))) {
                        throw error("backreferences are not supported (RE2): \\" + c);
                    }
                    int v = c - '0';
                    for (int n = 1; n < 3 && i < re.length() && isOctal(re.charAt(i)); n++) {
                        v = v * 8 + re.charAt(i++) - '0';
                    }
                    hex(v);
                }
                case '8', '9' -> throw error("backreferences are not supported (RE2): \\" + c);
                case 'x' -> hexEscape();
                case 'a' -> hex(7);
                case 'v' -> hex(11);
                case 'f', 't', 'n', 'r', 'd', 'D', 'w', 'W' -> out.append('\\').append(c);
                case 's' -> out.append(inClass ? "\\t\\n\\f\\r\\x{20}" : "[\\t\\n\\f\\r\\x{20}]");
                case 'S' -> out.append("[^\\t\\n\\f\\r\\x{20}]");
                case 'p', 'P' -> unicodeClass(c == 'P');
                case 'b', 'B', 'A', 'z' -> {
                    if (inClass) {
                        throw error("invalid escape \\" + c + " in a character class");
                    }
                    out.append('\\').append(c);
                }
                case 'Q' -> {
                    if (inClass) {
                        throw error("invalid escape \\Q in a character class");
                    }
                    int end = re.indexOf("\\E", i);
                    String lit = end < 0 ? re.substring(i) : re.substring(i, end);
                    out.append("(?:");
                    lit.codePoints().forEach(this::literal);
                    out.append(')');
                    i = end < 0 ? re.length() : end + 2;
                }
                case 'C' -> throw error("\\C (any byte) is not supported");
                case 'k', 'g' -> throw error("backreferences are not supported (RE2): \\" + c);
                default -> {
                    if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                        out.append('\\').append(c); // escaped punctuation is itself
                    } else {
                        throw error("invalid escape sequence \\" + c);
                    }
                }
            }
        }

        private void hexEscape() {
            if (i < re.length() && re.charAt(i) == '{') {
                int end = re.indexOf('}', i);
                String digits = end < 0 ? "" : re.substring(i + 1, end);
                if (digits.isEmpty() || digits.length() > 8 || !digits.chars().allMatch(Translator::isHex)) {
                    throw error("invalid escape sequence \\x{");
                }
                long v = Long.parseLong(digits, 16);
                if (v > Character.MAX_CODE_POINT) {
                    throw error("invalid escape sequence \\x{" + digits + "} (above U+10FFFF)");
                }
                hex((int) v);
                i = end + 1;
                return;
            }
            if (i + 2 > re.length() || !isHex(re.charAt(i)) || !isHex(re.charAt(i + 1))) {
                throw error("invalid escape sequence \\x (two hex digits or \\x{...})");
            }
            hex(Integer.parseInt(re.substring(i, i + 2), 16));
            i += 2;
        }

        private void unicodeClass(boolean negated) {
            if (i >= re.length()) {
                throw error("invalid character class range \\p");
            }
            String name;
            if (re.charAt(i) == '{') {
                int end = re.indexOf('}', i);
                if (end < 0) {
                    throw error("invalid character class range \\p{");
                }
                name = re.substring(i + 1, end);
                i = end + 1;
            } else {
                int cp = re.codePointAt(i);
                name = new String(Character.toChars(cp));
                i += Character.charCount(cp);
            }
            if (name.startsWith("^")) {
                negated = !negated;
                name = name.substring(1);
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> ch < 0x80 && Character.isLetter(ch) || ch == '_')) {
                throw error("invalid character class range \\p{" + name + "}");
            }
            if (name.equals("Any")) {
                out.append(negated ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]");
                return;
            }
            out.append(negated ? "\\P{Is" : "\\p{Is").append(name).append('}');
        }

        private void literal(int cp) {
            if (cp < 0x80 && Character.isLetterOrDigit(cp)) {
                out.append((char) cp);
            } else {
                hex(cp);
            }
        }

        private void hex(int cp) {
            out.append("\\x{").append(Integer.toHexString(cp)).append('}');
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid regex \"" + re + "\": " + what
                    + " at offset " + Math.min(i, re.length()));
        }

        private static boolean isCaptureName(String name) {
            if (name.isEmpty()) {
                return false;
            }
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c))) {
                    return false;
                }
            }
            return true;
        }

        private static int[] append(int[] a, int v) {
            int[] b = java.util.Arrays.copyOf(a, a.length + 1);
            b[a.length] = v;
            return b;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isOctal(char c) {
            return c >= '0' && c <= '7';
        }

        private static boolean isHex(int c) {
            return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }
    }
}
