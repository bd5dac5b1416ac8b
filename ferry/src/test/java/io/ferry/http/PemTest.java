package io.ferry.http;

import io.ferry.testing.TestCerts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Pem} on what the real openssl writes, and on broken files. */
class PemTest {
    @TempDir
    static Path dir;
    static TestCerts certs;

    @BeforeAll
    static void pki() throws Exception {
        certs = TestCerts.create(dir);
        certs.openssl("genrsa", "-traditional", "-out", "rsa-pkcs1.pem", "2048");
        certs.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-sec1.pem");
        certs.openssl("pkcs8", "-topk8", "-in", "server-key.pem", "-out", "encrypted.pem", "-passout", "pass:x");
    }

    private static String read(String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void certificatesWithTextAround() throws Exception {
        String bundle = "CA bundle\n" + read("ca.pem") + "\r\nsecond:\n" + read("other-ca.pem");
        List<X509Certificate> certs = Pem.certificates(bundle, "bundle.pem");
        assertThat(certs).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=ferry-test-ca", "CN=ferry-other-ca");
    }

    @Test
    void keysInPkcs8AndPkcs1() throws Exception {
        PrivateKey ec = Pem.privateKey(read("client-key.pem"), "client-key.pem");
        assertThat(ec.getAlgorithm()).isEqualTo("EC");
        PrivateKey rsa = Pem.privateKey(read("rsa-pkcs1.pem"), "rsa-pkcs1.pem");
        assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
        assertThat(Pem.privateKey(read("server-key.pem"), "k").getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void unsupportedKeysSayHowToConvert() throws Exception {
        assertThatThrownBy(() -> Pem.privateKey(read("ec-sec1.pem"), "ec.pem"))
                .hasMessage("ec.pem:1: EC PRIVATE KEY is not supported; convert it to PKCS#8 with openssl pkcs8 -topk8 "
                        + "-nocrypt -in KEY -out PLAIN.pem");
        assertThatThrownBy(() -> Pem.privateKey(read("encrypted.pem"), "enc.pem"))
                .hasMessageStartingWith("enc.pem:1: the key is encrypted");
    }

    @Test
    void brokenFilesNameTheLine() {
        assertThatThrownBy(() -> Pem.certificates("x\n-----BEGIN CERTIFICATE-----\nAAAA\n", "c.pem"))
                .hasMessage("c.pem:2: BEGIN CERTIFICATE is never closed by END CERTIFICATE");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END X-----\n", "c.pem"))
                .hasMessage("c.pem:3: END X does not close BEGIN CERTIFICATE of line 1");
        assertThatThrownBy(() -> Pem.certificates("\n\n-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", "c.pem"))
                .hasMessageStartingWith("c.pem:3: the block is not valid base64");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "c.pem"))
                .hasMessageStartingWith("c.pem:1: not a valid certificate");
        assertThatThrownBy(() -> Pem.certificates("hello\n", "c.pem")).hasMessage("c.pem:1: no -----BEGIN CERTIFICATE----- block");
        assertThatThrownBy(() -> Pem.privateKey("", "k.pem")).hasMessage("k.pem:1: no -----BEGIN PRIVATE KEY----- block");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() {
        assertThatThrownBy(() -> ClientTls.context(null, certs.clientCert, dir.resolve("server-key.pem")))
                .isInstanceOf(PemException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> ClientTls.context(null, certs.clientCert, null))
                .hasMessage("--cert-file needs --key-file");
    }
}
