package io.ferry.cli.gateway;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS side of a push over https: which servers to trust and, for mutual TLS, which certificate
 * to present.
 *
 * <pre>{@code
 * SSLContext ctx = ClientTls.context(Path.of("ca.pem"), Path.of("client.pem"), Path.of("client-key.pem"));
 * }</pre>
 *
 * <p>A CA file replaces the JDK's trusted roots (as {@code curl --cacert} does), so a private CA is
 * all that is trusted. The server's host name is always verified against its certificate.
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
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PemException("cannot set up TLS: " + e.getMessage());
        }
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
}
