package io.ferry.scrape;

/**
 * The per-scrape limits of prometheus.yml, {@code 0} meaning no limit. Set in {@code global:} and
 * per job; a job's {@code 0} takes the global value, as in Prometheus.
 *
 * @param bodySizeLimit      uncompressed body bytes ({@code body_size_limit}, in prometheus.yml's size syntax)
 * @param keepDroppedTargets how many dropped targets to remember for display (accepted; no display yet)
 */
public record ScrapeLimits(long sampleLimit, long labelLimit, long labelNameLengthLimit, long labelValueLengthLimit,
                           long bodySizeLimit, long targetLimit, long keepDroppedTargets) {

    public static final ScrapeLimits NONE = new ScrapeLimits(0, 0, 0, 0, 0, 0, 0);

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
