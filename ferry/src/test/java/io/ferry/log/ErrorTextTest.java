package io.ferry.log;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

/** The causes the JDK reports, as Go programs would say them. */
class ErrorTextTest {

    private static <T extends Throwable> T causedBy(T t, Throwable cause) {
        t.initCause(cause);
        return t;
    }

    @Test
    void networkCauses() {
        // What java.net.http.HttpClient throws for a closed port and for a name that does not resolve.
        assertThat(ErrorText.of(causedBy(new ConnectException(), new ClosedChannelException()))).isEqualTo("connection refused");
        assertThat(ErrorText.of(causedBy(new ConnectException(), new UnresolvedAddressException()))).isEqualTo("no such host");
        assertThat(ErrorText.of(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(ErrorText.of(new UnknownHostException("nosuch.invalid"))).isEqualTo("lookup nosuch.invalid: no such host");
        assertThat(ErrorText.of(new IOException("Connection reset"))).isEqualTo("connection reset by peer");
        assertThat(ErrorText.of(new java.net.SocketTimeoutException("Read timed out"))).isEqualTo("i/o timeout");
    }

    @Test
    void tlsCauses() {
        assertThat(ErrorText.of(new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path "
                + "to requested target"))).isEqualTo("TLS handshake failed: certificate signed by unknown authority");
        assertThat(ErrorText.of(new SSLHandshakeException("Received fatal alert: handshake_failure")))
                .isEqualTo("TLS handshake failed: remote error: handshake failure");
        assertThat(ErrorText.of(new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.1 found")))
                .startsWith("TLS handshake failed: certificate is not valid for this host");
    }

    @Test
    void fileCausesNameTheFile() {
        assertThat(ErrorText.of(new NoSuchFileException("ferry.yml"))).isEqualTo("ferry.yml: no such file or directory");
        assertThat(ErrorText.of(new AccessDeniedException("/data/lock"))).isEqualTo("/data/lock: permission denied");
        assertThat(ErrorText.of(new FileSystemException("/data/x", null, "Read-only file system")))
                .isEqualTo("/data/x: read-only file system");
        assertThat(ErrorText.reason(new NoSuchFileException("ferry.yml"))).isEqualTo("no such file or directory");
    }

    @Test
    void wrappersThatSayNothingAreLookedThrough() {
        IOException refused = causedBy(new ConnectException(), new ClosedChannelException());
        assertThat(ErrorText.of(new java.util.concurrent.ExecutionException(refused))).isEqualTo("connection refused");
        assertThat(ErrorText.of(new IOException("cannot open the store", new NoSuchFileException("x"))))
                .isEqualTo("cannot open the store");
    }

    @Test
    void otherwiseTheMessageOrTheClass() {
        assertThat(ErrorText.of(new IOException("disk on fire"))).isEqualTo("disk on fire");
        assertThat(ErrorText.of(new IOException())).isEqualTo("IOException");
    }
}
