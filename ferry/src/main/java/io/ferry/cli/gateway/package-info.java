/**
 * The client side of the Pushgateway API, for {@code ferry push} and {@code ferry run}: the gateway
 * URL and grouping-key path ({@link io.ferry.cli.gateway.GatewayUrl},
 * {@link io.ferry.cli.gateway.GroupingPath}), credentials and TLS
 * ({@link io.ferry.cli.gateway.Credentials}, {@link io.ferry.http.ClientTls}), and the
 * sender that retries ({@link io.ferry.cli.gateway.GatewayClient}). It speaks only the wire
 * protocol, so it works against Ferry and against the Pushgateway alike.
 */
package io.ferry.cli.gateway;
