package io.ferry.model;

/**
 * A selector that does not parse. The message names the position (1-based, in characters) and what
 * was expected there: {@code at position 5: expected '=', '!=', '=~' or '!~' after label name "job"}.
 */
public final class LabelSelectorException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int position;

    public LabelSelectorException(int position, String reason) {
        super("at position " + position + ": " + reason);
        this.position = position;
    }

    /** The 1-based character position of the problem. */
    public int position() {
        return position;
    }
}
