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
    /** The body repeats a series: well-formed lines whose samples contradict each other. */
    final boolean duplicateSeries;
    /** A series has more labels than the limit. */
    final boolean tooManyLabels;

    ParseError(int column, String reason) {
        this(0, column, reason);
    }

    ParseError(long line, int column, String reason) {
        this(line, column, reason, false, false);
    }

    private ParseError(long line, int column, String reason, boolean duplicateSeries, boolean tooManyLabels) {
        super(reason, null, false, false);
        this.line = line;
        this.column = column;
        this.duplicateSeries = duplicateSeries;
        this.tooManyLabels = tooManyLabels;
    }

    /** A series the body has already given. */
    static ParseError duplicateSeries(String reason) {
        return new ParseError(0, 0, reason, true, false);
    }

    /** A series with more labels than the limit, at {@code column}. */
    static ParseError tooManyLabels(int column, String reason) {
        return new ParseError(0, column, reason, false, true);
    }
}
