package io.ferry.scrape.discovery.internal;

import io.ferry.config.TlsClientConfig;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The {@link SSLContext} and {@link SSLParameters} for a {@code tls_config}: {@code ca_file} (PEM,
 * one or more certificates) replaces the JDK's trust store, {@code cert_file}/{@code key_file}
 * (PEM; the key in PKCS#8, {@code BEGIN PRIVATE KEY}) are the client certificate,
 * {@code insecure_skip_verify} trusts any server, {@code min_version} sets the lowest protocol.
 * Files are read when {@link #context} is called. Stateless.
 */
public final class ClientTls {
    private static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private ClientTls() {
    }

    /** The context; paths relative to {@code baseDir}. Throws naming the file that cannot be used. */
    public static SSLContext context(TlsClientConfig tls, Path baseDir) throws IOException {
        try {
            TrustManager[] trust = null;
            if (tls.insecureSkipVerify()) {
                trust = new TrustManager[]{new TrustAll()};
            } else if (tls.caFile() != null) {
                Path ca = baseDir.resolve(tls.caFile());
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int i = 0;
                for (Certificate c : certificates(ca)) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                trust = tmf.getTrustManagers();
            }
            KeyManagerFactory kmf = null;
            if (tls.certFile() != null && tls.keyFile() != null) {
                Path cert = baseDir.resolve(tls.certFile());
                Path key = baseDir.resolve(tls.keyFile());
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", privateKey(key), new char[0],
                        certificates(cert).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Protocols from {@code min_version} up, or null to keep the JDK's defaults. */
    public static SSLParameters parameters(TlsClientConfig tls) {
        if (tls.minVersion() == null) {
            return null;
        }
        int from = switch (tls.minVersion()) {
            case "TLS10" -> 0;
            case "TLS11" -> 1;
            case "TLS12" -> 2;
            default -> 3;
        };
        SSLParameters p = new SSLParameters();
        p.setProtocols(VERSIONS.subList(from, VERSIONS.size()).toArray(String[]::new));
        return p;
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + ": no usable PEM certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException(file + ": holds no certificate");
        }
        return new ArrayList<>(certs);
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.ISO_8859_1);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int a = pem.indexOf(begin);
        int b = pem.indexOf("-----END PRIVATE KEY-----");
        if (a < 0 || b < a) {
            throw new IOException(file + ": expected a PKCS#8 key (BEGIN PRIVATE KEY); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(a + begin.length(), b));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the key is not valid Base64", e);
        }
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(file + ": not an RSA, EC or EdDSA private key");
    }

    /**
     * Trusts any server, for {@code insecure_skip_verify}. It extends the extended manager so the
     * JDK does not wrap it with its own host name check.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
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
}
