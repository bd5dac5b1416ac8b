/**
 * The Vert.x HTTP server: {@link io.ferry.server.FerryServer#start}, the one wiring function, and
 * {@code Routes}, the one routing table, with one small handler class per endpoint.
 */
package io.ferry.server;
