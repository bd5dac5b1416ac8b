package io.ferry.model;

/**
 * A regex that {@link GoRegex#compile} refuses, with the reason apart, so that callers can word
 * their own message around it.
 *
 * <pre>{@code
 * try {
 *     GoRegex.compile("a(");
 * } catch (RegexSyntaxException e) {
 *     e.reason();    // "missing closing ) at offset 2"
 *     e.getMessage(); // "invalid regex \"a(\": missing closing ) at offset 2"
 * }
 * }</pre>
 */
public final class RegexSyntaxException extends IllegalArgumentException {
    private final String regex;
    private final String reason;

    public RegexSyntaxException(String regex, String reason) {
        super("invalid regex \"" + regex + "\": " + reason);
        this.regex = regex;
        this.reason = reason;
    }

    /** The regex as given. */
    public String regex() {
        return regex;
    }

    /** What is wrong, and where when known ({@code at offset N}). */
    public String reason() {
        return reason;
    }
}
