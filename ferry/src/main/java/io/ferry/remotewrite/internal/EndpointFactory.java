package io.ferry.remotewrite.internal;

import io.ferry.http.HttpClientSettings;
import io.ferry.remotewrite.QueueSettings;
import io.ferry.remotewrite.Receiver;
import io.ferry.http.TlsSettings;
import io.ferry.http.ClientAuth;
import io.ferry.http.ClientTls;
import io.ferry.http.PemException;
import io.ferry.remotewrite.HttpTransport;
import io.ferry.remotewrite.RemoteWriteEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;

/**
 * A remote_write item's HTTP side: its endpoint (URL, timeout, auth header, extra headers, retry
 * settings) and transport (TLS, proxy, redirects). Secret files ({@code password_file},
 * {@code credentials_file}) are read here, when the pipeline is opened or reloaded, and trimmed of
 * surrounding white space as Prometheus does.
 */
public final class EndpointFactory {
    private EndpointFactory() {
    }

    public static RemoteWriteEndpoint endpoint(Receiver c, String userAgent) throws IOException {
        QueueSettings q = c.queue();
        RemoteWriteEndpoint e = RemoteWriteEndpoint.of(c.url())
                .withTimeout(c.remoteTimeout())
                .withRetryOn429(q.retryOnHttp429())
                .withBackoff(q.minBackoff(), q.maxBackoff())
                .withUserAgent(userAgent)
                .withHeaders(c.headers());
        HttpClientSettings h = c.http();
        String authorization;
        try {
            authorization = ClientAuth.header(h, Path.of(""));
        } catch (IOException ex) {
            throw new IOException("remote_write " + describe(c) + ": " + ex.getMessage(), ex);
        }
        if (authorization != null) {
            e = e.withAuthorization(authorization);
        }
        return e;
    }

    public static HttpTransport transport(Receiver c) throws IOException {
        HttpClientSettings h = c.http();
        HttpTransport t = HttpTransport.DEFAULT.withFollowRedirects(h.followRedirects());
        TlsSettings tls = h.tls();
        if (tls != null && !tls.equals(TlsSettings.DEFAULTS)) {
            try {
                t = t.withTls(ClientTls.context(tls.caFile(), tls.certFile(), tls.keyFile(), tls.insecureSkipVerify()),
                        ClientTls.protocolsFrom(tls.minVersion()));
            } catch (PemException ex) {
                throw new IOException("remote_write " + describe(c) + ": tls_config: " + ex.getMessage(), ex);
            }
        }
        URI proxy = h.proxyUrl();
        if (proxy != null) {
            int port = proxy.getPort() != -1 ? proxy.getPort() : "https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80;
            t = t.withProxy(InetSocketAddress.createUnresolved(proxy.getHost(), port));
        }
        return t;
    }

    static String describe(Receiver c) {
        return c.name().isEmpty() ? c.url().toString() : c.name();
    }
}
