package io.ferry.config;

import io.ferry.liveness.LivenessRule;
import io.ferry.liveness.LivenessRules;
import io.ferry.model.Labels;
import io.ferry.push.ExpiryRule;

import java.util.List;

/**
 * What becomes of pushed groups over time: the {@code expire}, {@code liveness}, {@code expect} and
 * {@code liveness_metric} keys of {@code push:}. With the defaults nothing expires and no group gets
 * a liveness series, as in the Pushgateway.
 *
 * <pre>{@code
 * new PushLiveness("up", () -> config.push().lifecycle().livenessRules(), clock, store::groups);
 * }</pre>
 *
 * @param expire         expiry rules, in file order; the first that matches a group applies
 * @param liveness       liveness rules, in file order; the first that matches a group applies
 * @param expect         grouping keys that must exist: their liveness series reads 0 until they push
 * @param livenessMetric the name of the liveness series ({@code liveness_metric}, default {@code up})
 */
public record PushLifecycleConfig(List<ExpiryRule> expire, List<LivenessRule> liveness, List<Labels> expect,
                                  String livenessMetric) {

    public static final PushLifecycleConfig DEFAULTS = new PushLifecycleConfig(List.of(), List.of(), List.of(), "up");

    public PushLifecycleConfig {
        expire = List.copyOf(expire);
        liveness = List.copyOf(liveness);
        expect = List.copyOf(expect);
    }

    /** The liveness rules and expected groups, as {@link io.ferry.liveness.PushLiveness} reads them. */
    public LivenessRules livenessRules() {
        return new LivenessRules(liveness, expect);
    }

    public PushLifecycleConfig withLivenessMetric(String name) {
        return new PushLifecycleConfig(expire, liveness, expect, name);
    }
}
