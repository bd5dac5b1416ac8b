package io.ferry.server.auth;

import io.ferry.config.AuthAction;
import io.vertx.core.http.HttpServerRequest;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A tunnel client proven by its certificate: the web config file verified it, and the DNS names of
 * its SAN are the fqdns it may poll for, each exactly or, for a {@code *.example.org} name, one
 * label in front of it.
 *
 * <pre>{@code
 * Principal who = ClientCertificate.principal(ctx.request(), anyone);   // null without a certificate
 * }</pre>
 */
final class ClientCertificate {
    private static final int DNS_NAME = 2;

    private ClientCertificate() {
    }

    /**
     * The principal of the request's client certificate, which may {@code tunnel} for its SAN's DNS
     * names and whatever {@code anyone} may; null when the connection has no certificate.
     */
    static Principal principal(HttpServerRequest request, Grants anyone) {
        if (!request.isSSL()) {
            return null;
        }
        List<Certificate> chain;
        try {
            chain = request.connection().peerCertificates();
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            return null;
        }
        if (chain == null || chain.isEmpty() || !(chain.getFirst() instanceof X509Certificate cert)) {
            return null;
        }
        List<String> names = dnsNames(cert);
        Grants tunnel = Grants.of(a -> a == AuthAction.TUNNEL && !names.isEmpty(),
                (a, fqdn) -> a == AuthAction.TUNNEL && covers(names, fqdn));
        return new Principal(cert.getSubjectX500Principal().getName(), Principal.Kind.CERTIFICATE, tunnel.or(anyone));
    }

    /** Whether one of these SAN DNS names names {@code fqdn}: equal (any case), or a wildcard for its first label. */
    static boolean covers(List<String> names, String fqdn) {
        String f = fqdn.toLowerCase(Locale.ROOT);
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals(f)) {
                return true;
            }
            if (n.startsWith("*.") && n.length() > 2) {
                int dot = f.indexOf('.');
                if (dot > 0 && f.substring(dot).equals(n.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> dnsNames(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && san.get(0) instanceof Integer type && type == DNS_NAME
                            && san.get(1) instanceof String name) {
                        out.add(name);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return out;
    }
}
