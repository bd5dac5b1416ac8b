package io.ferry.remotewrite;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * How a {@link RemoteWriteSender} reaches its receiver below HTTP: the TLS context and protocol
 * versions, an HTTP proxy, and whether redirects are followed. {@link #DEFAULT}: the JDK's trusted
 * roots and protocols, no proxy, no redirects.
 *
 * <pre>{@code
 * HttpTransport t = HttpTransport.DEFAULT.withTls(ClientTls.context(ca, cert, key), List.of("TLSv1.3"));
 * new RemoteWriteSender(endpoint, t);
 * }</pre>
 *
 * @param ssl             null: the JDK's default context
 * @param tlsProtocols    empty: the JDK's defaults
 * @param proxy           null: connect directly
 * @param followRedirects follow 3xx answers (Prometheus' {@code follow_redirects}, default true in
 *                        its config); when false a 3xx is a rejection
 */
public record HttpTransport(SSLContext ssl, List<String> tlsProtocols, InetSocketAddress proxy, boolean followRedirects) {
    public static final HttpTransport DEFAULT = new HttpTransport(null, List.of(), null, false);

    public HttpTransport {
        tlsProtocols = List.copyOf(tlsProtocols);
    }

    public HttpTransport withTls(SSLContext context, List<String> protocols) {
        return new HttpTransport(context, protocols, proxy, followRedirects);
    }

    public HttpTransport withProxy(InetSocketAddress address) {
        return new HttpTransport(ssl, tlsProtocols, address, followRedirects);
    }

    public HttpTransport withFollowRedirects(boolean follow) {
        return new HttpTransport(ssl, tlsProtocols, proxy, follow);
    }
}
