/**
 * The tunnel client ({@code ferry tunnel-client}, and {@code tunnel_client:} in {@code ferry serve}):
 * one long poll per fqdn to a PushProx-compatible proxy, each scrape it hands over checked against
 * the {@link io.ferry.tunnel.client.AllowList}, made through {@link io.ferry.http.HttpClientFactory}
 * and pushed back. Start it with {@link io.ferry.tunnel.client.TunnelClientService#start}. See
 * {@code docs/tunnel.md}.
 */
package io.ferry.tunnel.client;
