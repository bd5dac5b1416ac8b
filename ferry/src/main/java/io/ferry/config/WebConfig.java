package io.ferry.config;

/**
 * The {@code web:} section: how Ferry's HTTP server listens.
 *
 * @param listenAddress where the HTTP server listens ({@code listen_address}, flag {@code --web.listen-address})
 */
public record WebConfig(ListenAddress listenAddress) {
}
