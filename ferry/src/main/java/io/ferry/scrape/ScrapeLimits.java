package io.ferry.scrape;

/**
 * The per-scrape limits of prometheus.yml, {@code 0} meaning no limit. Set in {@code global:} and
 * per job; a job's {@code 0} takes the global value, as in Prometheus. The one exception is the body
 * size, which always has a limit: {@link #DEFAULT_BODY_SIZE_LIMIT} when neither sets one.
 *
 * @param bodySizeLimit      body bytes, received and decompressed ({@code body_size_limit}, in
 *                           prometheus.yml's size syntax); {@code 0} for the default, see {@link #bodySizeLimitOrDefault()}
 * @param keepDroppedTargets how many dropped targets to remember for display (accepted; no display yet)
 */
public record ScrapeLimits(long sampleLimit, long labelLimit, long labelNameLengthLimit, long labelValueLengthLimit,
                           long bodySizeLimit, long targetLimit, long keepDroppedTargets) {

    public static final ScrapeLimits NONE = new ScrapeLimits(0, 0, 0, 0, 0, 0, 0);

    /**
     * The body size limit when neither the job nor {@code global:} sets one: 100 MiB, far above what
     * exporters send, far below what an endless body would take. Prometheus has no limit there.
     */
    public static final long DEFAULT_BODY_SIZE_LIMIT = 100L << 20;

    /** The body size limit scrapes apply: {@link #bodySizeLimit}, or the default for {@code 0}. */
    public long bodySizeLimitOrDefault() {
        return bodySizeLimit != 0 ? bodySizeLimit : DEFAULT_BODY_SIZE_LIMIT;
    }

    /** These limits, each {@code 0} replaced by {@code global}'s. */
    public ScrapeLimits orElse(ScrapeLimits global) {
        return new ScrapeLimits(or(sampleLimit, global.sampleLimit), or(labelLimit, global.labelLimit),
                or(labelNameLengthLimit, global.labelNameLengthLimit), or(labelValueLengthLimit, global.labelValueLengthLimit),
                or(bodySizeLimit, global.bodySizeLimit), or(targetLimit, global.targetLimit),
                or(keepDroppedTargets, global.keepDroppedTargets));
    }

    private static long or(long own, long global) {
        return own != 0 ? own : global;
    }
}
