package io.ferry.server;

import io.ferry.http.ClientSettingsException;
import io.ferry.telemetry.Registry;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.client.TunnelClientService;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The tunnel client {@code ferry serve} runs when the config has {@code tunnel_client:} (the
 * remote-site recipe: this Ferry takes pushes and is scraped through the tunnel), or nothing. Its
 * metrics go on Ferry's own {@code /metrics}. Read at start: a reload does not change it.
 */
final class InProcessTunnelClient implements AutoCloseable {
    private final TunnelClientService client;

    private InProcessTunnelClient(TunnelClientService client) {
        this.client = client;
    }

    /**
     * The client {@code options} describe, its settings checked and its metrics registered, not yet
     * polling; none when they are null.
     *
     * @throws IOException naming {@code tunnel_client} when a TLS file cannot be read or used
     */
    static InProcessTunnelClient create(TunnelClientOptions options, Path configDir, Registry registry) throws IOException {
        if (options == null) {
            return new InProcessTunnelClient(null);
        }
        try {
            return new InProcessTunnelClient(TunnelClientService.create(options, configDir, registry));
        } catch (ClientSettingsException e) {
            throw new IOException("tunnel_client: " + e.getMessage(), e);
        }
    }

    /** Starts polling: once the port serves what the targets name (this Ferry, typically). */
    void start() {
        if (client != null) {
            client.start();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
