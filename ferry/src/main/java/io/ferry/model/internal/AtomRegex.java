package io.ferry.model.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A fast path for the regexes most relabel rules and matchers use: alternatives of sequences of
 * single-character atoms (a literal, {@code .}, a class such as {@code [^:]} or {@code \d}), each
 * once or with {@code * + ? {n,m}}, groups without quantifiers around them. {@code go_.*},
 * {@code (.*):\d+}, {@code api;[0-9]+} and {@code up|scrape_.+} are such regexes;
 * {@code (a|b)c}, {@code (ab)*}, {@code ^a}, {@code (?i)a} and {@code \pL} are not.
 *
 * <pre>{@code
 * AtomRegex re = AtomRegex.of("(.*):\\d+");   // null when the regex is not of this shape
 * re.matchesWhole("db-1:9100");               // true
 * }</pre>
 *
 * <p>Whole-input matching only, with {@code .} matching a newline, as {@code io.ferry.model.GoRegex}
 * compiles it; no group positions. A Thompson automaton over at most 64 states, one bit each of a
 * {@code long}: time linear in the input, and nothing allocated. The text must already have been
 * accepted by RE2/J, so this reads it loosely and declines (null) anything it does not know.
 * Immutable and thread-safe.
 */
public final class AtomRegex {
    private static final int MAX_STATES = 64;
    private static final long[] ANY = {-1L, -1L};

    /** Per state: the ASCII characters its atom takes, as two 64-bit masks. */
    private final long[] low;
    private final long[] high;
    /** Per state: whether its atom takes every character above ASCII. */
    private final boolean[] anyNonAscii;
    /** Per state: the one character above ASCII its atom takes, or -1. */
    private final int[] literal;
    /** States whose atom repeats ({@code *}): a character taken stays in the state. */
    private final long starred;
    /** States that may be skipped ({@code * ?}). */
    private final long skippable;
    /** The first state of each alternative, and its last (accepting) one, which has no atom. */
    private final long starts;
    private final long accepts;

    private AtomRegex(List<Atom> states, long starred, long skippable, long starts, long accepts) {
        int n = states.size();
        low = new long[n];
        high = new long[n];
        anyNonAscii = new boolean[n];
        literal = new int[n];
        for (int k = 0; k < n; k++) {
            Atom a = states.get(k);
            if (a != null) {
                low[k] = a.low;
                high[k] = a.high;
                anyNonAscii[k] = a.anyNonAscii;
                literal[k] = a.literal;
            }
        }
        this.starred = starred;
        this.skippable = skippable;
        this.starts = closure(starts, skippable);
        this.accepts = accepts;
    }

    /** The fast path for {@code re2} (RE2 syntax RE2/J has accepted), or null when it is not of this shape. */
    public static AtomRegex of(String re2) {
        return new Reader(re2).read();
    }

    /** Whether the whole of {@code input} matches. */
    public boolean matchesWhole(CharSequence input) {
        long current = starts;
        for (int i = 0; i < input.length(); ) {
            int c = Character.codePointAt(input, i);
            i += Character.charCount(c);
            long next = 0;
            for (long live = current & ~accepts; live != 0; live &= live - 1) {
                int k = Long.numberOfTrailingZeros(live);
                if (takes(k, c)) {
                    next |= (starred & 1L << k) != 0 ? 1L << k : 1L << k + 1;
                }
            }
            if (next == 0) {
                return false;
            }
            current = closure(next, skippable);
        }
        return (current & accepts) != 0;
    }

    private boolean takes(int k, int c) {
        if (c < 64) {
            return (low[k] & 1L << c) != 0;
        }
        if (c < 128) {
            return (high[k] & 1L << c - 64) != 0;
        }
        return anyNonAscii[k] || literal[k] == c;
    }

    /** {@code states} with every state reachable from them by skipping atoms. */
    private static long closure(long states, long skippable) {
        long s = states;
        long todo = s & skippable;
        while (todo != 0) {
            long next = 1L << Long.numberOfTrailingZeros(todo) + 1; // an atom's state always has a successor
            s |= next;
            todo = todo & todo - 1 | next & skippable;
        }
        return s;
    }

    /** A set of characters: ASCII as masks, the rest as "all" or one literal. */
    private record Atom(long low, long high, boolean anyNonAscii, int literal) {
        static Atom of(int c) {
            if (c < 128) {
                return new Atom(c < 64 ? 1L << c : 0, c >= 64 ? 1L << c - 64 : 0, false, -1);
            }
            return new Atom(0, 0, false, c);
        }

        static Atom ofAscii(long[] masks, boolean anyNonAscii) {
            return new Atom(masks[0], masks[1], anyNonAscii, -1);
        }
    }

    /** One pass over the text; declines (null) at the first thing outside the shape. Not reusable. */
    private static final class Reader {
        private final String re;
        private final List<Atom> states = new ArrayList<>();
        private long starred;
        private long skippable;
        private long starts = 1;
        private long accepts;
        private int i;
        private int depth;
        /** Where the current alternative's last atom starts in {@link #states}, or -1: nothing to repeat. */
        private int last = -1;

        Reader(String re) {
            this.re = re;
        }

        AtomRegex read() {
            try {
                while (i < re.length()) {
                    step();
                }
                if (depth != 0) {
                    return null;
                }
                accept();
                return new AtomRegex(states, starred, skippable, starts, accepts);
            } catch (Decline e) {
                return null;
            }
        }

        /** One construct at {@link #i}. */
        private void step() {
            char c = re.charAt(i);
            switch (c) {
                case '|' -> {
                    if (depth != 0) {
                        throw new Decline(); // an alternation inside a sequence
                    }
                    i++;
                    accept();
                    starts |= 1L << states.size();
                    last = -1;
                }
                case '(' -> {
                    openGroup();
                    depth++;
                    last = -1;
                }
                case ')' -> {
                    i++;
                    depth--;
                    if (i < re.length() && "*+?{".indexOf(re.charAt(i)) >= 0) {
                        throw new Decline(); // a repeated group
                    }
                    last = -1;
                }
                case '*', '+', '?' -> {
                    i++;
                    repeat(c == '+' ? 1 : 0, c == '?' ? 1 : -1);
                }
                case '{' -> {
                    int close = re.indexOf('}', i);
                    String counts = close < 0 ? "" : re.substring(i + 1, close);
                    int comma = counts.indexOf(',');
                    String min = comma < 0 ? counts : counts.substring(0, comma);
                    String max = comma < 0 ? min : counts.substring(comma + 1);
                    if (!isNumber(min) || !max.isEmpty() && !isNumber(max)) {
                        atom(Atom.of('{')); // not a repeat: a literal, as in RE2
                        i++;
                        return;
                    }
                    i = close + 1;
                    repeat(Integer.parseInt(min), max.isEmpty() ? -1 : Integer.parseInt(max));
                }
                case '.' -> {
                    i++;
                    atom(Atom.ofAscii(ANY, true));
                }
                case '[' -> atom(charClass());
                case '\\' -> escape();
                case '^', '$' -> throw new Decline();
                default -> {
                    int cp = re.codePointAt(i);
                    i += Character.charCount(cp);
                    atom(Atom.of(cp));
                }
            }
        }

        private static boolean isNumber(String s) {
            return !s.isEmpty() && s.length() <= 4 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
        }

        private void openGroup() {
            if (!re.startsWith("(?", i)) {
                i++;
            } else if (re.startsWith("(?:", i)) {
                i += 3;
            } else if ((re.startsWith("(?P<", i) || re.startsWith("(?<", i)) && re.indexOf('>', i) > 0) {
                i = re.indexOf('>', i) + 1;
            } else {
                throw new Decline(); // flags
            }
        }

        private void atom(Atom a) {
            if (states.size() >= MAX_STATES - 1) {
                throw new Decline();
            }
            last = states.size();
            states.add(a);
        }

        private void accept() {
            if (states.size() >= MAX_STATES) {
                throw new Decline();
            }
            accepts |= 1L << states.size();
            states.add(null);
        }

        /** The last atom {@code min} to {@code max} (-1: unbounded) times; a lazy {@code ?} after changes nothing here. */
        private void repeat(int min, int max) {
            if (last < 0 || last != states.size() - 1) {
                throw new Decline();
            }
            if (i < re.length() && re.charAt(i) == '?') {
                i++;
            }
            Atom a = states.remove(last);
            for (int n = 0; n < min; n++) {
                atom(a);
            }
            if (max < 0) {
                atom(a);
                starred |= 1L << states.size() - 1;
                skippable |= 1L << states.size() - 1;
            } else {
                for (int n = min; n < max; n++) {
                    atom(a);
                    skippable |= 1L << states.size() - 1;
                }
            }
            last = -1;
        }

        private void escape() {
            if (i + 1 >= re.length()) {
                throw new Decline();
            }
            char c = re.charAt(i + 1);
            if (c == 'Q') {
                int end = re.indexOf("\\E", i + 2);
                String text = end < 0 ? re.substring(i + 2) : re.substring(i + 2, end);
                text.codePoints().forEach(cp -> atom(Atom.of(cp)));
                i = end < 0 ? re.length() : end + 2;
                return;
            }
            long[] masks = new long[2];
            int single = escaped(c, masks);
            if (single == -2) {
                throw new Decline();
            }
            i += 2;
            atom(single >= 0 ? Atom.of(single) : Atom.ofAscii(masks, Character.isUpperCase(c)));
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
                    if (negated) {
                        return Atom.ofAscii(new long[] {~masks[0], ~masks[1]}, !nonAscii);
                    }
                    return Atom.ofAscii(masks, nonAscii);
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
