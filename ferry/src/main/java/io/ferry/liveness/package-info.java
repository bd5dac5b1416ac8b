/**
 * Liveness of pushed groups: which groups are expected to push and how often (configured or
 * learned), and the {@code up} series that says whether they did, beside the pushed groups on
 * {@code /metrics}. See {@link io.ferry.liveness.PushLiveness}.
 */
package io.ferry.liveness;
