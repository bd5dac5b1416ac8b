/**
 * The metric model every part of Ferry shares: immutable {@link io.ferry.model.MetricFamily}
 * values of every type the exposition formats know, with sorted {@link io.ferry.model.Labels} and
 * name validation. No I/O and no dependencies.
 */
package io.ferry.model;
