package io.ferry.scrape.discovery.internal;

/**
 * A target group list that cannot be used: the line (1-based, 0 for the whole input) and what is
 * wrong. Callers put the file or URL in front, giving {@code targets.json:4: ...}.
 */
public final class SdSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    public SdSyntaxException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    /** {@code where:line: reason}, or {@code where: reason} without a line. */
    public String in(String where) {
        return line > 0 ? where + ":" + line + ": " + reason : where + ": " + reason;
    }
}
