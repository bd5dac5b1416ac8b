package io.ferry.model.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A fast path for the regexes most relabel rules and matchers use: single-character atoms (a
 * literal, {@code .}, a class such as {@code [^:]} or {@code \d}) combined with groups, {@code |}
 * and {@code * + ? {n,m}}, up to 64 atoms once repeats are expanded. {@code go_.*},
 * {@code (.*):\d+}, {@code (go|process)_.+} and {@code http_(?:a|b)?} are such regexes;
 * {@code ^a}, {@code \bx}, {@code (?i)a}, {@code \pL} and {@code \Q.\E} are not (RE2/J takes them).
 *
 * <pre>{@code
 * AtomRegex re = AtomRegex.of("(.*):\\d+");   // null when the regex is not of this shape
 * re.matchesWhole("db-1:9100");               // true
 * }</pre>
 *
 * <p>Whole-input matching, with {@code .} matching a newline, as {@code io.ferry.model.GoRegex}
 * compiles it: a Glushkov automaton whose states are the atoms, one bit each of a {@code long}, so
 * time is linear in the input and nothing is allocated. Group positions are known without matching
 * again when the match fixes them: in a regex without {@code |} or repeated groups, a group whose
 * start has only fixed-width atoms before it (or its end, after it), such as {@code (.*)},
 * {@code __meta_label_(.+)} and {@code (.+)-container} ({@link #locatesGroups()}).
 *
 * <p>The text must already have been accepted by RE2/J: this reads it loosely and declines (null)
 * anything it does not know. Immutable and thread-safe.
 */
public final class AtomRegex {
    private static final int MAX_ATOMS = 64;
    /**
     * Groups nested deeper than this are declined, to RE2/J (whose parser keeps a stack of its own):
     * this reader recurses per group, and the 1,000 levels Go allows could overflow a thread's stack.
     */
    private static final int MAX_NESTING = MAX_ATOMS;

    /** Per ASCII character, the atoms that take it. */
    private final long[] takesAscii = new long[128];
    /** The atoms that take every character above ASCII. */
    private final long takesAnyNonAscii;
    /** Per atom, the one character above ASCII it takes, or -1. */
    private final int[] literal;
    /** Per atom, the atoms that may come next. */
    private final long[] follow;
    private final long first;
    private final long last;
    private final boolean nullable;
    /**
     * Per group (index 0 unused): code points from the input's start to the group's start, from
     * the group's end to the input's end, and inside the group; -1 where atoms of variable width
     * stand. Null when the positions are not all fixed by a match.
     */
    private final int[][] groupWidths;

    private AtomRegex(Reader r, Frag whole) {
        int n = r.atoms.size();
        literal = new int[n];
        long anyNonAscii = 0;
        for (int k = 0; k < n; k++) {
            Atom a = r.atoms.get(k);
            for (int c = 0; c < 128; c++) {
                if ((a.masks[c >> 6] & 1L << (c & 63)) != 0) {
                    takesAscii[c] |= 1L << k;
                }
            }
            anyNonAscii |= a.anyNonAscii ? 1L << k : 0;
            literal[k] = a.literal;
        }
        takesAnyNonAscii = anyNonAscii;
        follow = r.follow;
        first = whole.first;
        last = whole.last;
        nullable = whole.nullable;
        groupWidths = r.flat ? widths(r.groups, r.once, n) : null;
    }

    /** The fast path for {@code re2} (RE2 syntax RE2/J has accepted), or null when it is not of this shape. */
    public static AtomRegex of(String re2) {
        return new Reader(re2).read();
    }

    /** Whether the whole of {@code input} matches. */
    public boolean matchesWhole(CharSequence input) {
        if (input.isEmpty()) {
            return nullable;
        }
        long current = 0;
        for (int i = 0; i < input.length(); ) {
            int c = Character.codePointAt(input, i);
            long next = i == 0 ? first : 0;
            for (long s = current; s != 0; s &= s - 1) {
                next |= follow[Long.numberOfTrailingZeros(s)];
            }
            current = next & takes(c);
            if (current == 0) {
                return false;
            }
            i += Character.charCount(c);
        }
        return (current & last) != 0;
    }

    private long takes(int c) {
        if (c < 128) {
            return takesAscii[c];
        }
        long t = takesAnyNonAscii;
        for (int k = 0; k < literal.length; k++) {
            if (literal[k] == c) {
                t |= 1L << k;
            }
        }
        return t;
    }

    /** Whether {@link #start} and {@link #end} know every group's position after a match. */
    public boolean locatesGroups() {
        return groupWidths != null;
    }

    /** Where group {@code g} starts in {@code input}, which this regex matched; only if {@link #locatesGroups()}. */
    public int start(CharSequence input, int g) {
        if (g == 0) {
            return 0;
        }
        int[] w = groupWidths[g];
        return w[0] >= 0 ? Character.offsetByCodePoints(input, 0, w[0])
                : Character.offsetByCodePoints(input, input.length(), -w[1] - w[2]);
    }

    /** Where group {@code g} ends in {@code input}, which this regex matched; only if {@link #locatesGroups()}. */
    public int end(CharSequence input, int g) {
        if (g == 0) {
            return input.length();
        }
        int[] w = groupWidths[g];
        return w[1] >= 0 ? Character.offsetByCodePoints(input, input.length(), -w[1])
                : Character.offsetByCodePoints(input, 0, w[0] + w[2]);
    }

    /** Group positions from the fixed-width atoms around each group; null unless they fix every group. */
    private static int[][] widths(List<int[]> groups, long once, int atoms) {
        int[][] widths = new int[groups.size() + 1][];
        for (int g = 1; g <= groups.size(); g++) {
            int[] span = groups.get(g - 1);
            int before = fixedWidth(0, span[0], once);
            int after = fixedWidth(span[1], atoms, once);
            int inside = fixedWidth(span[0], span[1], once);
            if (before < 0 && (after < 0 || inside < 0) || after < 0 && inside < 0) {
                return null;
            }
            widths[g] = new int[] {before, after, inside};
        }
        return widths;
    }

    /** The number of atoms {@code [from, to)} when each is taken exactly once, else -1. */
    private static int fixedWidth(int from, int to, long once) {
        for (int k = from; k < to; k++) {
            if ((once & 1L << k) == 0) {
                return -1;
            }
        }
        return to - from;
    }

    /** A set of characters: ASCII as two masks, the rest as "all" or one literal. */
    private record Atom(long[] masks, boolean anyNonAscii, int literal) {
        static Atom of(int c) {
            long[] masks = new long[2];
            if (c < 128) {
                masks[c >> 6] = 1L << (c & 63);
            }
            return new Atom(masks, false, c < 128 ? -1 : c);
        }
    }

    /** The Glushkov sets of a sub-expression. */
    private record Frag(boolean nullable, long first, long last) {
        static final Frag EMPTY = new Frag(true, 0, 0);
    }

    /**
     * Recursive descent over the text, numbering atoms as they are read; a repeat reads its
     * operand's text again for each copy. Declines (null) at the first thing outside the shape.
     * Not reusable.
     */
    private static final class Reader {
        private final String re;
        final List<Atom> atoms = new ArrayList<>();
        final long[] follow = new long[MAX_ATOMS];
        /** Per capturing group, in RE2's numbering: its first atom and the atom after its last. */
        final List<int[]> groups = new ArrayList<>();
        /** Atoms taken exactly once (no quantifier but {n}). */
        long once;
        /** No {@code |} and no repeated group: the atoms are a plain sequence. */
        boolean flat = true;
        /** Above zero while a repeat's further copies are read: their groups are not numbered again. */
        private int copying;
        private int i;
        /** How many groups are open where the reader is. */
        private int nesting;

        Reader(String re) {
            this.re = re;
        }

        AtomRegex read() {
            try {
                Frag whole = alternation();
                return i == re.length() ? new AtomRegex(this, whole) : null;
            } catch (Decline e) {
                return null;
            }
        }

        private Frag alternation() {
            Frag f = concatenation();
            while (i < re.length() && re.charAt(i) == '|') {
                i++;
                flat = false;
                Frag g = concatenation();
                f = new Frag(f.nullable || g.nullable, f.first | g.first, f.last | g.last);
            }
            return f;
        }

        private Frag concatenation() {
            Frag f = Frag.EMPTY;
            while (i < re.length() && re.charAt(i) != '|' && re.charAt(i) != ')') {
                f = append(f, repeat());
            }
            return f;
        }

        /** An atom or group and its quantifier, as {@code x{min,max}} = min copies of x, then max - min optional ones. */
        private Frag repeat() {
            int start = i;
            int firstAtom = atoms.size();
            Frag f = atom();
            int operandEnd = i;
            boolean group = re.charAt(start) == '(';
            int[] counts = i < re.length() ? counts() : null;
            if (counts == null) { // none, or a { that is a literal, read next
                once |= group ? 0 : atomsSince(firstAtom); // a group's atoms were marked inside
                return f;
            }
            if (group) {
                flat = false; // a repeated group has no fixed position, nor the atoms around it
            }
            int min = counts[0];
            int max = counts[1];
            if (min == 0) {
                if (max == 0) {
                    flat = false;
                    return Frag.EMPTY; // the atoms read stay, unreachable
                }
                if (max < 0) {
                    link(f.last, f.first);
                    return new Frag(true, f.first, f.last);
                }
                Frag whole = optional(f);
                for (int n = 1; n < max; n++) {
                    whole = append(whole, optional(copy(start, operandEnd)));
                }
                return whole;
            }
            Frag whole = f;
            Frag lastCopy = f;
            int lastCopyStart = firstAtom;
            once |= atomsSince(firstAtom);
            for (int n = 1; n < min; n++) {
                lastCopyStart = atoms.size();
                lastCopy = copy(start, operandEnd);
                once |= atomsSince(lastCopyStart);
                whole = append(whole, lastCopy);
            }
            if (max < 0) {
                link(lastCopy.last, lastCopy.first); // x{n,} = n-1 copies, then x+
                once &= ~atomsSince(lastCopyStart);
                return whole;
            }
            for (int n = min; n < max; n++) {
                whole = append(whole, optional(copy(start, operandEnd)));
            }
            return whole;
        }

        /** The atoms from {@code firstAtom} to the last read, as a mask. */
        private long atomsSince(int firstAtom) {
            if (firstAtom >= MAX_ATOMS) {
                return 0;
            }
            long upToLast = atoms.size() >= MAX_ATOMS ? -1L : (1L << atoms.size()) - 1;
            return upToLast & -(1L << firstAtom);
        }

        private static Frag optional(Frag f) {
            return new Frag(true, f.first, f.last);
        }

        /** {@code a} then {@code b}. */
        private Frag append(Frag a, Frag b) {
            link(a.last, b.first);
            return new Frag(a.nullable && b.nullable, a.first | (a.nullable ? b.first : 0),
                    b.last | (b.nullable ? a.last : 0));
        }

        /** The operand at {@code [start, end)} read again, with new atoms; its groups are not numbered again. */
        private Frag copy(int start, int end) {
            int save = i;
            copying++;
            i = start;
            Frag f = atom();
            copying--;
            if (i != end) {
                throw new Decline();
            }
            i = save;
            return f;
        }

        private void link(long from, long to) {
            for (long s = from; s != 0; s &= s - 1) {
                follow[Long.numberOfTrailingZeros(s)] |= to;
            }
        }

        /** {@code * + ? {n} {n,} {n,m}} at {@link #i}: {min, max or -1}, or null for a literal {. */
        private int[] counts() {
            char c = re.charAt(i);
            if ("*+?{".indexOf(c) < 0) {
                return null;
            }
            int[] counts;
            if (c == '{') {
                int close = re.indexOf('}', i);
                String text = close < 0 ? "" : re.substring(i + 1, close);
                int comma = text.indexOf(',');
                String min = comma < 0 ? text : text.substring(0, comma);
                String max = comma < 0 ? min : text.substring(comma + 1);
                if (!isNumber(min) || !max.isEmpty() && !isNumber(max)) {
                    return null;
                }
                counts = new int[] {Integer.parseInt(min), max.isEmpty() ? -1 : Integer.parseInt(max)};
                i = close + 1;
            } else {
                counts = new int[] {c == '+' ? 1 : 0, c == '?' ? 1 : -1};
                i++;
            }
            if (i < re.length() && re.charAt(i) == '?') {
                i++;
            }
            return counts;
        }

        /** A repeat count as Go reads one: digits without a leading zero (else the braces are literal text). */
        private static boolean isNumber(String s) {
            return !s.isEmpty() && s.length() <= 4 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    && !(s.length() > 1 && s.charAt(0) == '0');
        }

        private Frag atom() {
            char c = re.charAt(i);
            switch (c) {
                case '(' -> {
                    return group();
                }
                case '.' -> {
                    i++;
                    return add(new Atom(new long[] {-1L, -1L}, true, -1));
                }
                case '[' -> {
                    return add(charClass());
                }
                case '\\' -> {
                    return add(escape());
                }
                case '^', '$', '*', '+', '?' -> throw new Decline();
                default -> {
                    int cp = re.codePointAt(i);
                    i += Character.charCount(cp);
                    return add(Atom.of(cp));
                }
            }
        }

        private Frag add(Atom a) {
            if (atoms.size() >= MAX_ATOMS) {
                throw new Decline();
            }
            atoms.add(a);
            long bit = 1L << atoms.size() - 1;
            return new Frag(false, bit, bit);
        }

        private Frag group() {
            if (++nesting > MAX_NESTING) {
                throw new Decline();
            }
            boolean capturing = true;
            if (!re.startsWith("(?", i)) {
                i++;
            } else if (re.startsWith("(?:", i)) {
                i += 3;
                capturing = false;
            } else if ((re.startsWith("(?P<", i) || re.startsWith("(?<", i)) && re.indexOf('>', i) > 0) {
                i = re.indexOf('>', i) + 1;
            } else {
                throw new Decline(); // flags
            }
            int[] span = null;
            if (capturing && copying == 0) {
                span = new int[] {atoms.size(), -1};
                groups.add(span);
            }
            Frag f = alternation();
            if (i >= re.length() || re.charAt(i) != ')') {
                throw new Decline();
            }
            i++;
            if (span != null) {
                span[1] = atoms.size();
            }
            nesting--;
            return f;
        }

        private Atom escape() {
            if (i + 1 >= re.length()) {
                throw new Decline();
            }
            char c = re.charAt(i + 1);
            long[] masks = new long[2];
            int single = escaped(c, masks);
            if (single == -2) {
                throw new Decline();
            }
            i += 2;
            return single >= 0 ? Atom.of(single) : new Atom(masks, Character.isUpperCase(c), -1);
        }

        /**
         * The escape {@code \c}: the character it stands for, or -1 with the class it names added
         * to {@code masks} (negated for D, S, W: non-ASCII characters then belong to it too), or -2
         * for escapes declined here.
         */
        private static int escaped(char c, long[] masks) {
            switch (c) {
                case 'd', 'D' -> add(masks, "0123456789", c == 'D');
                case 's', 'S' -> add(masks, "\t\n\f\r ", c == 'S');
                case 'w', 'W' -> add(masks, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_", c == 'W');
                case 'n' -> {
                    return '\n';
                }
                case 't' -> {
                    return '\t';
                }
                case 'r' -> {
                    return '\r';
                }
                case 'f' -> {
                    return '\f';
                }
                case 'v' -> {
                    return 0x0B;
                }
                case 'a' -> {
                    return 0x07;
                }
                default -> {
                    return c < 0x80 && !Character.isLetterOrDigit(c) ? c : -2;
                }
            }
            return -1;
        }

        private static void add(long[] masks, String chars, boolean negated) {
            long[] set = new long[2];
            for (int k = 0; k < chars.length(); k++) {
                set(set, chars.charAt(k));
            }
            masks[0] |= negated ? ~set[0] : set[0];
            masks[1] |= negated ? ~set[1] : set[1];
        }

        private static void set(long[] masks, int c) {
            masks[c >> 6] |= 1L << (c & 63);
        }

        /** {@code [...]} of ASCII characters, ranges and {@code \d \s \w} (and their negations). */
        private Atom charClass() {
            i++;
            boolean negated = i < re.length() && re.charAt(i) == '^';
            if (negated) {
                i++;
            }
            long[] masks = new long[2];
            boolean nonAscii = false;
            boolean first = true;
            while (i < re.length()) {
                char c = re.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    return negated ? new Atom(new long[] {~masks[0], ~masks[1]}, !nonAscii, -1)
                            : new Atom(masks, nonAscii, -1);
                }
                first = false;
                if (c == '[' && re.startsWith("[:", i)) {
                    throw new Decline();
                }
                int from;
                if (c == '\\') {
                    if (i + 1 >= re.length()) {
                        throw new Decline();
                    }
                    char e = re.charAt(i + 1);
                    from = escaped(e, masks);
                    i += 2;
                    if (from == -2) {
                        throw new Decline();
                    }
                    if (from == -1) {
                        nonAscii |= Character.isUpperCase(e);
                        continue;
                    }
                } else {
                    from = c;
                    i++;
                }
                int to = from;
                if (i + 1 < re.length() && re.charAt(i) == '-' && re.charAt(i + 1) != ']') {
                    char t = re.charAt(i + 1);
                    if (t == '\\') {
                        throw new Decline();
                    }
                    to = t;
                    i += 2;
                }
                if (from >= 128 || to >= 128) {
                    throw new Decline();
                }
                for (int x = from; x <= to; x++) {
                    set(masks, x);
                }
            }
            throw new Decline();
        }
    }

    /** Thrown deep in the reader to decline the regex; caught in {@link Reader#read()}. */
    private static final class Decline extends RuntimeException {
        Decline() {
            super(null, null, false, false);
        }
    }
}
