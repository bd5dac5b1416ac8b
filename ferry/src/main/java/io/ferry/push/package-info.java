/**
 * The Pushgateway's semantics, independent of HTTP: {@link io.ferry.push.PushService} (pushes and
 * deletes with their checks and limits), {@link io.ferry.push.GroupingKey} (the grouping key carried
 * in a push path), {@link io.ferry.push.PushedFamilies} (the stored groups and Ferry's own metrics
 * merged into what {@code /metrics} serves), {@link io.ferry.push.GroupExpiry} and the JSON API's
 * encoding.
 */
package io.ferry.push;
