package io.ferry.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one test CA: a throwaway PKI made with the real {@code openssl}, a CA, a server certificate
 * for 127.0.0.1 and localhost (RSA: PEM files for Ferry's server, a PKCS#12 bundle for the JDK's),
 * and a client certificate (EC, PKCS#8 key, and a PKCS#12 bundle) for mutual TLS; a server
 * certificate for another name ({@link #OTHER_NAME}), for {@code tls_config.server_name}; plus a second CA
 * that signed nothing here. The JDK's contexts for either end are built here with the JDK alone,
 * not with the classes under test.
 *
 * <pre>{@code
 * TestCerts certs = TestCerts.create(tempDir);
 * HttpsServer server = certs.httpsServer(true); // demands a client certificate
 * SSLContext client = certs.clientContext(true);
 * }</pre>
 */
public final class TestCerts {
    public final Path dir;
    public final Path ca;
    public final Path otherCa;
    public final Path serverCert;
    public final Path serverKey;
    public final Path serverP12;
    public final Path clientCert;
    public final Path clientKey;
    public final Path clientP12;
    /** A server certificate for {@link #OTHER_NAME} alone, no address: reached by address, only {@code server_name} verifies it. */
    public final Path namedServerP12;
    public static final String OTHER_NAME = "target.ferry.test";
    /** The DNS name in the client certificate's SAN (what a tunnel client may poll for with it). */
    public static final String CLIENT_NAME = "site-a.ferry.test";
    public static final String P12_PASSWORD = "changeit";

    private TestCerts(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.otherCa = dir.resolve("other-ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server-key.pem");
        this.serverP12 = dir.resolve("server.p12");
        this.clientCert = dir.resolve("client.pem");
        this.clientKey = dir.resolve("client-key.pem");
        this.clientP12 = dir.resolve("client.p12");
        this.namedServerP12 = dir.resolve("named-server.p12");
    }

    public static TestCerts create(Path dir) throws IOException, InterruptedException {
        TestCerts c = new TestCerts(dir);
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\nsubjectAltName=DNS:" + CLIENT_NAME + "\n");
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=ferry-test-ca");
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca-key.pem", "-out", "other-ca.pem",
                "-days", "2", "-subj", "/CN=ferry-other-ca");
        c.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr",
                "-subj", "/CN=localhost");
        c.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        c.openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server-key.pem", "-out", "server.p12",
                "-passout", "pass:" + P12_PASSWORD);
        Files.writeString(dir.resolve("named-server.ext"), "subjectAltName=DNS:" + OTHER_NAME + "\n");
        c.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "named-server-key.pem", "-out", "named-server.csr",
                "-subj", "/CN=" + OTHER_NAME);
        c.openssl("x509", "-req", "-in", "named-server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "named-server.pem", "-days", "2", "-extfile", "named-server.ext");
        c.openssl("pkcs12", "-export", "-in", "named-server.pem", "-inkey", "named-server-key.pem", "-out",
                "named-server.p12", "-passout", "pass:" + P12_PASSWORD);
        c.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "client-key.pem");
        c.openssl("req", "-new", "-key", "client-key.pem", "-out", "client.csr", "-subj", "/CN=ferry-client");
        c.openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "client.pem", "-days", "2", "-extfile", "client.ext");
        c.openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client-key.pem", "-out", "client.p12",
                "-passout", "pass:" + P12_PASSWORD);
        return c;
    }

    /** The server's end: its certificate and key, trusting the CA for client certificates. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        return context(serverP12);
    }

    /** A client's end: trusting the CA, and showing the client certificate when asked to. */
    public SSLContext clientContext(boolean withClientCertificate) throws IOException, GeneralSecurityException {
        return context(withClientCertificate ? clientP12 : null);
    }

    /**
     * A JDK {@link HttpsServer} on a free loopback port with {@link #serverContext()}, demanding a
     * client certificate or not; add contexts, start it, and stop it when done.
     */
    public HttpsServer httpsServer(boolean needClientCertificate) throws IOException, GeneralSecurityException {
        return httpsServer(serverContext(), needClientCertificate);
    }

    /** As {@link #httpsServer(boolean)}, showing the certificate for {@link #OTHER_NAME} alone. */
    public HttpsServer namedHttpsServer() throws IOException, GeneralSecurityException {
        return httpsServer(context(namedServerP12), false);
    }

    private static HttpsServer httpsServer(SSLContext context, boolean needClientCertificate) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(needClientCertificate);
                params.setSSLParameters(p);
            }
        });
        return server;
    }

    /** Trusting the CA, with the key and certificate of {@code p12} where it is not null. */
    private SSLContext context(Path p12) throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = null;
        if (p12 != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                keys.load(in, P12_PASSWORD.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, P12_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Runs openssl in the directory; fails the test with its output when it fails. */
    public void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try (ChildProcess p = ChildProcess.builder(cmd).directory(dir).mergeStderr().start()) {
            if (!p.awaitExit(Duration.ofSeconds(60)) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + p.stdout());
            }
        }
    }
}
