package io.ferry.exposition;

/**
 * Bounds a parser enforces while it reads, so no body can make it allocate without limit.
 *
 * @param maxBodyBytes       the most bytes read from the (decompressed) body
 * @param maxLineBytes       the longest text line (a protobuf message may be as long as the body)
 * @param maxLabelsPerSeries the most labels on one series, exemplar labels included
 */
public record ParseLimits(long maxBodyBytes, int maxLineBytes, int maxLabelsPerSeries) {
    /** Generous defaults for scrape and push bodies: 64 MiB, 1 MiB text lines, 128 labels. */
    public static final ParseLimits DEFAULT = new ParseLimits(64L << 20, 1 << 20, 128);

    public ParseLimits {
        if (maxBodyBytes <= 0 || maxLineBytes <= 0 || maxLabelsPerSeries <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
