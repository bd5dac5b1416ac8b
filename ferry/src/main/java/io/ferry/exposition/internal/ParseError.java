package io.ferry.exposition.internal;

/**
 * A problem found inside one line, with its 1-based byte column (0 when the whole line is meant).
 * Internal to the text parsers, which turn it into an {@link io.ferry.exposition.ExpositionException};
 * it carries no stack trace because it is control flow, not a bug.
 */
final class ParseError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int column;
    final long line; // 0: the line being parsed

    ParseError(int column, String reason) {
        this(0, column, reason);
    }

    ParseError(long line, int column, String reason) {
        super(reason, null, false, false);
        this.line = line;
        this.column = column;
    }
}
