/**
 * The tunnel, PushProx-compatible reverse pull through NAT: the wire codec both sides share
 * ({@link io.ferry.tunnel.ScrapeRequest}, {@link io.ferry.tunnel.RelayedResponse}), the proxy's
 * state in {@code tunnel.proxy} and the client in {@code tunnel.client}. See {@code docs/tunnel.md}.
 */
package io.ferry.tunnel;
