/**
 * The tunnel proxy's state, free of HTTP: {@link io.ferry.tunnel.proxy.TunnelProxy} registers
 * clients, holds their polls, routes scrapes to them and hands pushed responses back. The server's
 * handlers adapt it to {@code /poll}, {@code /push}, {@code /clients} and proxy requests.
 */
package io.ferry.tunnel.proxy;
