package io.ferry.yaml;

/** YAML that cannot be composed; the message starts with {@code invalid YAML:} and names no file. */
public final class YamlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    YamlSyntaxException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The 1-based line where the problem was found, or 0 when it concerns the text as a whole. */
    public int line() {
        return line;
    }
}
