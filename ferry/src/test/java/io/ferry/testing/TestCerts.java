package io.ferry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made with the real {@code openssl}: a CA, a server certificate for 127.0.0.1
 * (RSA, with a PKCS#12 bundle for the JDK's server), and a client certificate (EC, PKCS#8 key) for
 * mutual TLS; plus a second CA that signed nothing here.
 */
public final class TestCerts {
    public final Path dir;
    public final Path ca;
    public final Path otherCa;
    public final Path serverP12;
    public final Path clientCert;
    public final Path clientKey;
    public static final String P12_PASSWORD = "changeit";

    private TestCerts(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.otherCa = dir.resolve("other-ca.pem");
        this.serverP12 = dir.resolve("server.p12");
        this.clientCert = dir.resolve("client.pem");
        this.clientKey = dir.resolve("client-key.pem");
    }

    public static TestCerts create(Path dir) throws IOException, InterruptedException {
        TestCerts c = new TestCerts(dir);
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
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
        c.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "client-key.pem");
        c.openssl("req", "-new", "-key", "client-key.pem", "-out", "client.csr", "-subj", "/CN=ferry-client");
        c.openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "client.pem", "-days", "2", "-extfile", "client.ext");
        return c;
    }

    /** Runs openssl in the directory; fails the test with its output when it fails. */
    public void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
    }
}
