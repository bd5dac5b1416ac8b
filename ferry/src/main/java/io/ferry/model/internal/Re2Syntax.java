package io.ferry.model.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One reading of a regex in Go's RE2 syntax before RE2/J compiles it, for what RE2/J does not do
 * as Go does, or does not say as clearly.
 *
 * <pre>{@code
 * Re2Syntax s = Re2Syntax.read("(?P<x>a)(?P<x>b)");
 * s.forEngine();    // "(?P<x>a)(b)": RE2/J refuses a repeated name, Go allows it
 * s.names();        // {x=[1, 2]}
 * }</pre>
 *
 * <ul>
 *   <li>Refuses, with the reason and {@code at offset N}, what Go refuses (backreferences,
 *       lookarounds, atomic groups, possessive quantifiers, Java-only escapes, flags other than
 *       {@code i m s}...), where RE2/J's messages are terse or, for an unmatched {@code )}, an
 *       internal error. The ungreedy flag {@code U} is refused too.</li>
 *   <li>Holds Go's limits, which RE2/J lacks: repeat counts nested inside each other multiply to
 *       at most {@value #MAX_REPEAT} (Go's rule), groups nest at most {@value #MAX_NESTING} deep,
 *       and the compiled program, estimated with repeats expanded, has at most
 *       {@value #MAX_SIZE} instructions (Go allows about 3.3 million; RE2/J has no bound, and
 *       {@code (?:(?:a{1000}){1000}){1000}} fills any heap). Matching time is the input's length
 *       times the program's size, so this bounds both memory and time.</li>
 *   <li>Numbers the groups and records their names; a name may repeat, as in Go, and the later
 *       groups of a repeated name reach RE2/J as plain groups (same numbering).</li>
 * </ul>
 * Whatever passes here RE2/J still checks (character ranges, Unicode class names). Immutable.
 */
public final class Re2Syntax {
    /** Go's limit on a repeat count, and on the product of nested ones. */
    public static final int MAX_REPEAT = 1000;
    /** Go's limit on nesting. */
    public static final int MAX_NESTING = 1000;
    /** The largest program accepted, in instructions, estimated with every repeat expanded. */
    public static final int MAX_SIZE = 100_000;

    private static final Set<String> POSIX_CLASSES = Set.of("alnum", "alpha", "ascii", "blank", "cntrl",
            "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit");

    private final String forEngine;
    private final Map<String, int[]> names;
    private final int groups;

    private Re2Syntax(String forEngine, Map<String, int[]> names, int groups) {
        this.forEngine = forEngine;
        this.names = names;
        this.groups = groups;
    }

    /** Reads {@code re}; throws {@link IllegalArgumentException} whose message is the reason and offset alone. */
    public static Re2Syntax read(String re) {
        return new Reader(re).read();
    }

    /** The text to give RE2/J: the source, with repeated group names removed. */
    public String forEngine() {
        return forEngine;
    }

    /** Each group name with the groups that carry it, in order. */
    public Map<String, int[]> names() {
        return names;
    }

    /** The number of capturing groups, named ones included. */
    public int groups() {
        return groups;
    }

    /** What one open group (or, at the bottom, the whole expression) adds up to so far. */
    private static final class Frame {
        /** Estimated instructions of the items closed so far. */
        long size;
        /** Instructions of the last item, which a quantifier would repeat; 0 when none may follow. */
        long lastSize;
        /** Product of the repeat counts inside the last item. */
        long lastRepeat = 1;
        /** Largest product of nested repeat counts anywhere in the group. */
        long repeat = 1;

        void item(long itemSize, long itemRepeat) {
            size += itemSize;
            lastSize = itemSize;
            lastRepeat = itemRepeat;
            repeat = Math.max(repeat, itemRepeat);
        }
    }

    /** One pass over the text; not reusable. */
    private static final class Reader {
        private final String re;
        private final StringBuilder forEngine = new StringBuilder();
        private final Map<String, int[]> names = new HashMap<>();
        private final Deque<Frame> frames = new ArrayDeque<>();
        private int copied;
        private int groups;
        private int i;

        Reader(String re) {
            this.re = re;
            frames.push(new Frame());
        }

        Re2Syntax read() {
            while (i < re.length()) {
                char c = re.charAt(i);
                switch (c) {
                    case '\\' -> escape(false);
                    case '[' -> charClass();
                    case '(' -> group();
                    case ')' -> closeGroup();
                    case '*', '+', '?' -> {
                        requireArgument(c);
                        i++;
                        repeated(1, -1, c == '?' ? 1 : 2);
                    }
                    case '{' -> {
                        long[] counts = repeatCounts();
                        if (counts == null) {
                            literal();
                        } else {
                            requireArgument('{');
                            i = (int) counts[2];
                            repeated(counts[0], counts[1], counts[1] >= 0 ? counts[1] : counts[0] + 1);
                        }
                    }
                    case '|' -> {
                        Frame f = frames.peek();
                        f.size++;
                        f.lastSize = 0;
                        i++;
                    }
                    default -> literal();
                }
            }
            if (frames.size() > 1) {
                throw error("missing closing )");
            }
            checkSize(frames.peek());
            forEngine.append(re, copied, re.length());
            return new Re2Syntax(forEngine.toString(), Map.copyOf(names), groups);
        }

        private void literal() {
            i += Character.charCount(re.codePointAt(i));
            frames.peek().item(1, 1);
        }

        private void requireArgument(char op) {
            if (frames.peek().lastSize == 0) {
                throw error("missing argument to repetition operator " + op);
            }
        }

        /**
         * After a quantifier, read up to {@link #i}: the last item repeated {@code copies} times
         * (Go's check multiplies the bounded maximum, else the minimum), an optional lazy
         * {@code ?}, and no quantifier after that.
         */
        private void repeated(long min, long max, long copies) {
            Frame f = frames.peek();
            long count = max > 0 ? max : max < 0 ? min : 1;
            long repeat = f.lastRepeat * Math.max(count, 1);
            if ((min >= 2 || max >= 2) && repeat > MAX_REPEAT) {
                throw error("invalid repeat count (nested repeats multiply to more than " + MAX_REPEAT + ")");
            }
            f.size += f.lastSize * (Math.max(copies, 1) - 1) + 1;
            f.repeat = Math.max(f.repeat, repeat);
            f.lastSize = 0;
            checkSize(f);
            if (i < re.length() && re.charAt(i) == '?') {
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
            try {
                return repeatCounts() != null;
            } catch (IllegalArgumentException e) {
                return true;
            } finally {
                i = save;
            }
        }

        /**
         * Reads {@code {n}}, {@code {n,}} or {@code {n,m}} at {@link #i}: {min, max or -1, end},
         * or null (nothing read) for anything else, a literal in RE2.
         */
        private long[] repeatCounts() {
            int j = i + 1;
            int n0 = j;
            while (j < re.length() && isDigit(re.charAt(j))) {
                j++;
            }
            if (j == n0 || j >= re.length() || leadingZero(n0, j)) {
                return null;
            }
            int lo = count(re.substring(n0, j));
            int hi = lo;
            if (re.charAt(j) == ',') {
                j++;
                int m0 = j;
                while (j < re.length() && isDigit(re.charAt(j))) {
                    j++;
                }
                if (leadingZero(m0, j)) {
                    return null;
                }
                hi = j == m0 ? -1 : count(re.substring(m0, j));
            }
            if (j >= re.length() || re.charAt(j) != '}') {
                return null;
            }
            if (lo > MAX_REPEAT || hi > MAX_REPEAT || hi >= 0 && hi < lo) {
                throw error("invalid repeat count " + re.substring(i, j + 1) + " (at most " + MAX_REPEAT + ")");
            }
            return new long[] {lo, hi, j + 1};
        }

        /** Go reads a count with a leading zero ({@code {05}}) as no count: the braces are literal text. */
        private boolean leadingZero(int from, int to) {
            return to - from > 1 && re.charAt(from) == '0';
        }

        private static int count(String digits) {
            return digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        }

        private void group() {
            int j = i + 2;
            if (j > re.length() || re.charAt(i + 1) != '?') {
                openGroup(true);
                i++;
                return;
            }
            if (re.startsWith(":", j)) {
                openGroup(false);
                i = j + 1;
                return;
            }
            if (re.startsWith("P<", j) || re.startsWith("<", j) && !re.startsWith("<=", j) && !re.startsWith("<!", j)) {
                namedGroup(re.charAt(j) == 'P' ? j + 2 : j + 1);
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
            flags(j);
        }

        private void namedGroup(int start) {
            int end = re.indexOf('>', start);
            if (end < 0) {
                throw error("invalid named capture (missing >)");
            }
            String name = re.substring(start, end);
            if (!isCaptureName(name)) {
                throw error("invalid named capture \"" + name + "\" (letters, digits and _)");
            }
            openGroup(true);
            int[] prev = names.get(name);
            if (prev == null) {
                names.put(name, new int[] {groups});
            } else {
                int[] next = Arrays.copyOf(prev, prev.length + 1);
                next[prev.length] = groups;
                names.put(name, next);
                forEngine.append(re, copied, i).append('(');
                copied = end + 1;
            }
            i = end + 1;
        }

        /** {@code (?flags)} or {@code (?flags:re)} at {@code j}, flags from i m s, optionally negated after '-'. */
        private void flags(int j) {
            boolean negate = false;
            boolean any = false;
            boolean afterDash = false;
            int k = j;
            for (; k < re.length(); k++) {
                char c = re.charAt(k);
                if (c == ':' || c == ')') {
                    break;
                }
                switch (c) {
                    case 'i', 'm', 's' -> {
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
            if (re.charAt(k) == ':') {
                openGroup(false);
            } else {
                frames.peek().lastSize = 0; // (?flags) is no item: a quantifier after it has no argument
            }
            i = k + 1;
        }

        private void openGroup(boolean capturing) {
            if (frames.size() > MAX_NESTING) {
                throw error("expression nests too deeply (more than " + MAX_NESTING + " groups)");
            }
            if (capturing) {
                groups++;
            }
            frames.push(new Frame());
        }

        private void closeGroup() {
            if (frames.size() == 1) {
                throw error("unexpected )");
            }
            Frame closed = frames.pop();
            frames.peek().item(closed.size + 2, closed.repeat);
            checkSize(frames.peek());
            i++;
        }

        private void checkSize(Frame f) {
            if (f.size > MAX_SIZE) {
                throw error("expression too large (more than " + MAX_SIZE + " instructions with repeats expanded)");
            }
        }

        private void charClass() {
            i++;
            if (i < re.length() && re.charAt(i) == '^') {
                i++;
            }
            boolean first = true;
            while (true) {
                if (i >= re.length()) {
                    throw error("missing closing ]");
                }
                char c = re.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    frames.peek().item(1, 1);
                    return;
                }
                first = false;
                if (c == '\\') {
                    escape(true);
                } else if (c != '[' || !posixClass()) {
                    i += Character.charCount(re.codePointAt(i));
                }
            }
        }

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
            if (!POSIX_CLASSES.contains(name.startsWith("^") ? name.substring(1) : name)) {
                throw error("invalid character class range [:" + name + ":]");
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
                    for (int n = 1; n < 3 && i < re.length() && isOctal(re.charAt(i)); n++) {
                        i++;
                    }
                }
                case '8', '9' -> throw error("backreferences are not supported (RE2): \\" + c);
                case 'x' -> hexEscape();
                case 'a', 'v', 'f', 't', 'n', 'r', 'd', 'D', 'w', 'W', 's', 'S' -> {
                }
                case 'p', 'P' -> unicodeClass();
                case 'b', 'B', 'A', 'z' -> {
                    if (inClass) {
                        throw error("invalid escape \\" + c + " in a character class");
                    }
                }
                case 'Q' -> {
                    if (inClass) {
                        throw error("invalid escape \\Q in a character class");
                    }
                    int end = re.indexOf("\\E", i);
                    int stop = end < 0 ? re.length() : end;
                    Frame f = frames.peek();
                    int chars = re.codePointCount(i, stop);
                    f.size += chars;
                    if (chars > 0) {
                        f.lastSize = 1; // a quantifier after \Q...\E repeats its last character
                        f.lastRepeat = 1;
                    }
                    i = end < 0 ? re.length() : end + 2;
                    return;
                }
                case 'C' -> throw error("\\C (any byte) is not supported");
                case 'k', 'g' -> throw error("backreferences are not supported (RE2): \\" + c);
                default -> {
                    if (c >= 0x80 || Character.isLetterOrDigit(c)) {
                        throw error("invalid escape sequence \\" + c);
                    }
                    // escaped punctuation is itself
                }
            }
            if (!inClass) {
                frames.peek().item(1, 1);
            }
        }

        private void hexEscape() {
            if (i < re.length() && re.charAt(i) == '{') {
                int end = re.indexOf('}', i);
                String digits = end < 0 ? "" : re.substring(i + 1, end);
                if (digits.isEmpty() || digits.length() > 8 || !digits.chars().allMatch(Reader::isHex)) {
                    throw error("invalid escape sequence \\x{");
                }
                if (Long.parseLong(digits, 16) > Character.MAX_CODE_POINT) {
                    throw error("invalid escape sequence \\x{" + digits + "} (above U+10FFFF)");
                }
                i = end + 1;
                return;
            }
            if (i + 2 > re.length() || !isHex(re.charAt(i)) || !isHex(re.charAt(i + 1))) {
                throw error("invalid escape sequence \\x (two hex digits or \\x{...})");
            }
            i += 2;
        }

        private void unicodeClass() {
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
                name = name.substring(1);
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> ch < 0x80 && Character.isLetter(ch) || ch == '_')) {
                throw error("invalid character class range \\p{" + name + "}");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + Math.min(i, re.length()));
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
