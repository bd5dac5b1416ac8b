/**
 * The Pushgateway push API, independent of HTTP: {@link io.ferry.push.GroupingKey} reads and
 * writes the grouping key carried in a push path.
 */
package io.ferry.push;
