package io.ferry.exposition;

import java.util.List;

/**
 * The one error type of every exposition parser: a body that breaks the format or a limit. The
 * message names the line (and the column where it helps) and a reason a person understands, e.g.
 * {@code line 3: invalid metric name "0abc"}.
 *
 * <p>A parser asked to collect every problem (for {@code ferry check metrics}) throws one exception
 * at the end whose {@link #problems()} lists them all, the first one also being this exception's
 * own line, column and reason.
 */
public final class ExpositionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One problem at one place. Line and column are 1-based; 0 when they do not apply. */
    public record Problem(long line, int column, String reason) {
        @Override
        public String toString() {
            return line > 0 ? "line " + line + ": " + reason : reason;
        }
    }

    /** What kind of problem the first one is, where a caller answers it differently. */
    private enum Kind { SYNTAX, BODY_TOO_LARGE, DUPLICATE_SERIES, TOO_MANY_LABELS }

    private final transient List<Problem> problems;
    private final Kind kind;

    public ExpositionException(long line, int column, String reason) {
        this(List.of(new Problem(line, column, reason)));
    }

    /** A problem of the body as a whole, such as a size limit or a read error. */
    public ExpositionException(String reason) {
        this(0, 0, reason);
    }

    public ExpositionException(List<Problem> problems) {
        this(problems, Kind.SYNTAX);
    }

    private ExpositionException(List<Problem> problems, Kind kind) {
        super(problems.getFirst().toString());
        this.problems = List.copyOf(problems);
        this.kind = kind;
    }

    /** The body passed {@code limit} bytes (decompressed); the parser stopped reading there. */
    public static ExpositionException bodyTooLarge(long limit) {
        return new ExpositionException(List.of(new Problem(0, 0, "body is larger than the limit of " + limit + " bytes")),
                Kind.BODY_TOO_LARGE);
    }

    /**
     * The body gives a series twice: each line is well formed, but together they contradict. The
     * Pushgateway takes such a push as inconsistent rather than unparsable, and records the failure.
     */
    public static ExpositionException duplicateSeries(Problem problem) {
        return new ExpositionException(List.of(problem), Kind.DUPLICATE_SERIES);
    }

    /** A series has more labels than {@link ParseLimits#maxLabelsPerSeries()}: a limit, not a syntax error. */
    public static ExpositionException tooManyLabels(Problem problem) {
        return new ExpositionException(List.of(problem), Kind.TOO_MANY_LABELS);
    }

    /** Whether this is the body size limit, which a server answers with 413 rather than 400. */
    public boolean bodyTooLarge() {
        return kind == Kind.BODY_TOO_LARGE;
    }

    /** Whether this is the {@linkplain #tooManyLabels labels-per-series limit}. */
    public boolean tooManyLabels() {
        return kind == Kind.TOO_MANY_LABELS;
    }

    /** Whether this is a {@linkplain #duplicateSeries duplicate series}. */
    public boolean duplicateSeries() {
        return kind == Kind.DUPLICATE_SERIES;
    }

    public long line() {
        return problems.getFirst().line();
    }

    public int column() {
        return problems.getFirst().column();
    }

    public String reason() {
        return problems.getFirst().reason();
    }

    public List<Problem> problems() {
        return problems;
    }
}
