package io.ferry.statsd.mapping.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The glob rules of one metric kind as a tree of dot-separated segments, as statsd_exporter's FSM
 * (pkg/mapper/fsm) keeps them: a rule {@code a.*.c} is the path {@code a}, {@code *}, {@code c}, and
 * {@code *} matches one whole segment, the empty one included.
 *
 * <pre>{@code
 * GlobTree tree = GlobTree.of(globRules, false);
 * String[] captures = new String[segments.length];
 * Rule r = tree.match(GlobTree.split("a.b.c"), captures);   // captures[0] == "b" for a.*.c
 * }</pre>
 *
 * <p>With ordering (statsd_exporter's default) the rule that comes first in the file wins among
 * all that match, so every path is searched, pruned by the best rule found so far and by the number
 * of segments left. With {@code glob_disable_ordering: true} a literal segment is tried before
 * {@code *} at each level and the first rule reached wins. In both, the captures returned are those
 * of the winning path alone: a branch that failed leaves nothing behind.
 *
 * <p>Where statsd_exporter's FSM departs from its documented rules, this tree keeps to the rules:
 * it decides by a heuristic whether an unordered search may backtrack, where this tree always does
 * (so it also finds the matches the heuristic would miss); it sets a rule's result only on a state
 * the rule creates, so a rule ending where a longer, earlier rule passes never matches there, and a
 * glob listed twice takes the second one's place in the order, where here every rule matches and
 * the first of two identical globs keeps its place. Immutable after construction and thread-safe.
 */
public final class GlobTree {
    private final Node root = new Node();
    private final boolean orderingDisabled;

    private GlobTree(boolean orderingDisabled) {
        this.orderingDisabled = orderingDisabled;
    }

    /** The tree of {@code rules} (glob rules of one kind, in file order). */
    public static GlobTree of(List<Rule> rules, boolean orderingDisabled) {
        GlobTree tree = new GlobTree(orderingDisabled);
        for (Rule r : rules) {
            tree.add(r);
        }
        return tree;
    }

    /** Whether no rule is in the tree. */
    public boolean isEmpty() {
        return root.children.isEmpty() && root.star == null;
    }

    private void add(Rule rule) {
        String[] segments = split(rule.match());
        Node node = root;
        node.note(segments.length, rule.order());
        for (int i = 0; i < segments.length; i++) {
            node = node.child(segments[i]);
            node.note(segments.length - i - 1, rule.order());
        }
        if (node.rule == null) {
            // The same glob twice for the same kind: the first stays, as the first in the file.
            node.rule = rule;
        }
    }

    /** Splits on every dot as Go's {@code strings.Split} does: {@code "a..b."} is four segments, the second and last empty. */
    public static String[] split(String name) {
        int count = 1;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '.') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        int k = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '.') {
                out[k++] = name.substring(start, i);
                start = i + 1;
            }
        }
        out[k] = name.substring(start);
        return out;
    }

    /**
     * The winning rule for {@code segments}, or null; on a match, {@code captures} (at least as long
     * as {@code segments}) holds the segments its {@code *}s matched, from index 0.
     */
    public Rule match(String[] segments, String[] captures) {
        Search s = new Search(segments, captures.length);
        s.walk(root, 0, 0);
        if (s.best != null) {
            System.arraycopy(s.bestCaptures, 0, captures, 0, s.bestCaptureCount);
        }
        return s.best;
    }

    private final class Search {
        final String[] segments;
        final String[] captures;
        final String[] bestCaptures;
        int bestCaptureCount;
        Rule best;

        Search(String[] segments, int capacity) {
            this.segments = segments;
            this.captures = new String[capacity];
            this.bestCaptures = new String[capacity];
        }

        /** Returns true to stop the whole search. */
        boolean walk(Node node, int depth, int captured) {
            if (depth == segments.length) {
                if (node.rule != null && (best == null || node.rule.order() < best.order())) {
                    best = node.rule;
                    System.arraycopy(captures, 0, bestCaptures, 0, captured);
                    bestCaptureCount = captured;
                    return orderingDisabled;
                }
                return false;
            }
            int left = segments.length - depth - 1;
            Node literal = node.children.get(segments[depth]);
            if (worth(literal, left) && walk(literal, depth + 1, captured)) {
                return true;
            }
            if (worth(node.star, left)) {
                captures[captured] = segments[depth];
                return walk(node.star, depth + 1, captured + 1);
            }
            return false;
        }

        private boolean worth(Node next, int left) {
            return next != null && left >= next.minLeft && left <= next.maxLeft
                    && (best == null || next.firstOrder < best.order());
        }
    }

    private static final class Node {
        final Map<String, Node> children = new HashMap<>(4);
        Node star;
        Rule rule;
        /** The fewest and most segments after this one on the way to a rule. */
        int minLeft = Integer.MAX_VALUE;
        int maxLeft = -1;
        /** The earliest rule at or below this node. */
        int firstOrder = Integer.MAX_VALUE;

        Node child(String segment) {
            if (segment.equals("*")) {
                return star == null ? star = new Node() : star;
            }
            return children.computeIfAbsent(segment, s -> new Node());
        }

        void note(int left, int order) {
            minLeft = Math.min(minLeft, left);
            maxLeft = Math.max(maxLeft, left);
            firstOrder = Math.min(firstOrder, order);
        }
    }
}
