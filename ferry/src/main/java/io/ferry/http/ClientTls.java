package io.ferry.http;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS side of Ferry's clients (a push over https; scrapes, http_sd and remote write through
 * {@link HttpClientFactory}): which servers to trust and, for mutual TLS, which certificate to present.
 *
 * <pre>{@code
 * SSLContext ctx = ClientTls.context(Path.of("ca.pem"), Path.of("client.pem"), Path.of("client-key.pem"));
 * }</pre>
 *
 * <p>A CA file replaces the JDK's trusted roots (as {@code curl --cacert} does), so a private CA is
 * all that is trusted. The server's host name is always verified against its certificate: the URL's
 * host, or {@code tls_config.server_name} when set ({@link ServerNameTrust}).
 */
public final class ClientTls {
    private ClientTls() {
    }

    /**
     * An SSL context from PEM files.
     *
     * @param caFile   trusted CA certificates, or null for the JDK's default roots
     * @param certFile the client certificate chain (leaf first), or null for none; needs {@code keyFile}
     * @param keyFile  the client certificate's private key, or null; needs {@code certFile}
     * @throws PemException naming the file and line of a problem, or a file that cannot be read
     */
    public static SSLContext context(Path caFile, Path certFile, Path keyFile) throws PemException {
        return context(caFile, certFile, keyFile, false);
    }

    /**
     * As {@link #context(Path, Path, Path)}; with {@code insecureSkipVerify} (Prometheus'
     * {@code insecure_skip_verify}) the server's certificate and host name are not checked at all,
     * and {@code caFile} is ignored.
     */
    public static SSLContext context(Path caFile, Path certFile, Path keyFile, boolean insecureSkipVerify)
            throws PemException {
        return context(caFile, certFile, keyFile, insecureSkipVerify, null);
    }

    /** As above; with a {@code serverName}, the server's certificate is verified against it, not the URL's host. */
    private static SSLContext context(Path caFile, Path certFile, Path keyFile, boolean insecureSkipVerify,
                                      String serverName) throws PemException {
        if ((certFile == null) != (keyFile == null)) {
            throw new PemException(certFile == null ? "--key-file needs --cert-file" : "--cert-file needs --key-file");
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trusted = emptyStore();
                List<X509Certificate> cas = Pem.certificates(read(caFile), caFile.toString());
                for (int i = 0; i < cas.size(); i++) {
                    trusted.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf.init(trusted);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                List<X509Certificate> chain = Pem.certificates(read(certFile), certFile.toString());
                PrivateKey key = Pem.privateKey(read(keyFile), keyFile.toString());
                if (!chain.getFirst().getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
                    throw new PemException(keyFile + ": a " + key.getAlgorithm() + " key does not match the "
                            + chain.getFirst().getPublicKey().getAlgorithm() + " certificate in " + certFile);
                }
                KeyStore identity = emptyStore();
                char[] none = new char[0];
                identity.setKeyEntry("client", key, none, chain.toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, none);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            TrustManager[] trust = insecureSkipVerify ? new TrustManager[] {new TrustEverything()}
                    : serverName != null ? new TrustManager[] {new ServerNameTrust(x509(tmf), serverName)}
                    : tmf.getTrustManagers();
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PemException("cannot set up TLS: " + e.getMessage());
        }
    }

    /**
     * Accepts any server. An {@link X509ExtendedTrustManager}, because the JDK checks the host name
     * inside the default trust manager: replacing it is what turns that check off too.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static X509TrustManager x509(TrustManagerFactory tmf) throws GeneralSecurityException {
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static String read(Path file) throws PemException {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new PemException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The TLS versions from prometheus.yml's {@code min_version} up; empty for the JDK's defaults. */
    static List<String> protocolsFrom(String minVersion) {
        if (minVersion == null) {
            return List.of();
        }
        return switch (minVersion) {
            case "TLS13" -> List.of("TLSv1.3");
            case "TLS12" -> List.of("TLSv1.3", "TLSv1.2");
            case "TLS11" -> List.of("TLSv1.3", "TLSv1.2", "TLSv1.1");
            default -> List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
        };
    }

    /**
     * The context prometheus.yml's {@code tls_config} describes, its files relative to
     * {@code baseDir} (the config file's directory).
     */
    static SSLContext context(TlsSettings tls, Path baseDir) throws PemException {
        return context(resolve(baseDir, tls.caFile()), resolve(baseDir, tls.certFile()), resolve(baseDir, tls.keyFile()),
                tls.insecureSkipVerify(), tls.serverName());
    }

    /**
     * The protocols {@code tls_config.min_version} allows, and {@code server_name} as the name sent
     * in SNI (a host name only, as Go sends); null for the JDK's defaults. {@link Http11Client} sends
     * it in place of the URL's host, whatever the URL names.
     */
    static SSLParameters parameters(TlsSettings tls) {
        List<String> versions = protocolsFrom(tls.minVersion());
        boolean sni = tls.serverName() != null && ServerNameTrust.addressLiteral(tls.serverName()) == null;
        if (versions.isEmpty() && !sni) {
            return null;
        }
        SSLParameters p = new SSLParameters(null, versions.isEmpty() ? null : versions.toArray(String[]::new));
        if (sni) {
            p.setServerNames(List.of(new SNIHostName(tls.serverName())));
        }
        return p;
    }

    private static Path resolve(Path baseDir, Path file) {
        return file == null ? null : baseDir.resolve(file);
    }
}
