package io.ferry.http;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code tls_config.server_name}: the server's chain is checked by the trusted roots as usual, and
 * its certificate must name {@code server_name}, not the host in the URL, as Go's
 * {@code tls.Config.ServerName} has it: a DNS name among the subject alternative names (a
 * {@code *.} wildcard standing for one whole leftmost label), or an IP address when
 * {@code server_name} is one. The common name is not read, as in Go.
 *
 * <pre>{@code
 * TrustManager trust = new ServerNameTrust(defaultTrustManager, "scrape-target.internal");
 * }</pre>
 *
 * <p>An {@link X509ExtendedTrustManager}, so the JDK adds no host name check of its own. Immutable
 * and thread-safe.
 */
final class ServerNameTrust extends X509ExtendedTrustManager {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private final X509TrustManager roots;
    private final String serverName;

    ServerNameTrust(X509TrustManager roots, String serverName) {
        this.roots = roots;
        this.serverName = serverName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        roots.checkServerTrusted(chain, authType); // the chain alone: this form checks no host name
        if (!names(chain[0], serverName)) {
            throw new CertificateException("the server's certificate is not valid for " + serverName
                    + " (tls_config.server_name)");
        }
    }

    /** Whether {@code cert}'s subject alternative names include {@code name}. */
    static boolean names(X509Certificate cert, String name) throws CertificateParsingException {
        Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
        if (alternatives == null) {
            return false;
        }
        InetAddress address = addressLiteral(name);
        for (List<?> alternative : alternatives) {
            int type = (Integer) alternative.get(0);
            String value = (String) alternative.get(1);
            if (address != null ? type == IP_ADDRESS && address.equals(addressLiteral(value))
                    : type == DNS_NAME && dnsMatches(value, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = withoutTrailingDot(pattern).toLowerCase(Locale.ROOT);
        String h = withoutTrailingDot(host).toLowerCase(Locale.ROOT);
        if (!p.startsWith("*.")) {
            return p.equals(h);
        }
        int firstDot = h.indexOf('.');
        return firstDot > 0 && h.substring(firstDot + 1).equals(p.substring(2));
    }

    private static String withoutTrailingDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** The address {@code s} spells, or null when it is a name; never looks anything up. */
    static InetAddress addressLiteral(String s) {
        boolean literal = s.contains(":") || s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!literal) {
            return null;
        }
        try {
            return InetAddress.getByName(s.startsWith("[") ? s.substring(1, s.length() - 1) : s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        roots.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        roots.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        roots.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.getAcceptedIssuers();
    }
}
