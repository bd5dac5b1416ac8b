package io.ferry.statsd.mapping;

/**
 * A mapping file that cannot be used. The message names the file, the line and the key, as in
 * {@code mapping.yml:7: unknown key "quantile" in mappings[0].summary_options (allowed: quantiles,
 * max_age, age_buckets, buf_cap)}, so it can be printed as is.
 */
public final class MappingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * @param file   the file as the user named it
     * @param line   1-based line, or 0 when the problem concerns the whole file
     * @param reason what is wrong, naming the key
     */
    public MappingException(String file, int line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
