/**
 * The metric model every part of Ferry shares: immutable {@link io.ferry.model.MetricFamily}
 * values of every type the exposition formats know, with sorted {@link io.ferry.model.Labels} and
 * name validation, label selectors, the Go regex and template dialects, and the duration syntaxes of
 * Go and Prometheus. No I/O.
 */
package io.ferry.model;
