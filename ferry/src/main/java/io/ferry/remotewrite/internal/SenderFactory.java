package io.ferry.remotewrite.internal;

import io.ferry.http.ClientSettingsException;
import io.ferry.http.HttpClientFactory;
import io.ferry.http.UrlUserInfo;
import io.ferry.remotewrite.QueueSettings;
import io.ferry.remotewrite.Receiver;
import io.ferry.remotewrite.RemoteWriteEndpoint;
import io.ferry.remotewrite.RemoteWriteSender;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A remote_write item's sender: its endpoint (URL, timeout, auth header, extra headers, retry
 * settings) and its client (TLS, proxy, redirects), both from {@link HttpClientFactory}. Secret
 * files ({@code password_file}, {@code credentials_file}) are read here, when the pipeline is opened
 * or reloaded; they and the TLS files are relative to the config file's directory.
 */
public final class SenderFactory {
    private SenderFactory() {
    }

    /**
     * @param configDir where relative secret and TLS files are found
     * @throws IOException naming the key and file when a secret or TLS file cannot be used, or the
     *                     proxy when it cannot be spoken to ({@code RemoteWrite} adds the receiver)
     */
    public static RemoteWriteSender open(Receiver c, String userAgent, Path configDir) throws IOException {
        HttpClientFactory http = new HttpClientFactory(c.http(), configDir);
        QueueSettings q = c.queue();
        RemoteWriteEndpoint e = RemoteWriteEndpoint.of(c.url())
                .withTimeout(c.remoteTimeout())
                .withRetryOn429(q.retryOnHttp429())
                .withBackoff(q.minBackoff(), q.maxBackoff())
                .withUserAgent(userAgent)
                .withHeaders(c.headers());
        String authorization = http.authorization();
        if (authorization == null) {
            authorization = UrlUserInfo.basicAuthorization(c.url()); // http://user:password@host/, as Prometheus sends it
        }
        if (authorization != null) {
            e = e.withAuthorization(authorization);
        }
        try {
            return new RemoteWriteSender(e, http.newHttp11Client(e.connectTimeout()));
        } catch (ClientSettingsException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }
}
