package io.ferry.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * PushProx 0.2's client as the tests run it: {@code tunnel/pushprox_client.py} (a re-implementation
 * of its wire behaviour with Python's standard library, since PushProx's binaries are not available
 * here; see docs/tunnel.md), polling a proxy for one fqdn. {@link #close} stops it.
 *
 * <pre>{@code
 * try (PushProxClient client = PushProxClient.start("http://127.0.0.1:" + ferry.port() + "/", "127.0.0.1")) {
 *     client.awaitLog("pushed id=", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class PushProxClient implements AutoCloseable {
    private final ChildProcess process;

    private PushProxClient(ChildProcess process) {
        this.process = process;
    }

    /** Starts the client; skips where {@code /usr/bin/python3} is missing (fails in CI). */
    public static PushProxClient start(String proxyUrl, String fqdn) throws IOException {
        ExternalTool.require(PythonClient.PYTHON, "python3");
        Path script;
        try {
            script = Path.of(PushProxClient.class.getResource("/tunnel/pushprox_client.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        return new PushProxClient(ChildProcess.builder(PythonClient.PYTHON, script.toString(), "--proxy-url", proxyUrl,
                "--fqdn", fqdn, "--proxy.retry.initial-wait", "0.2", "--proxy.retry.max-wait", "1").start());
    }

    /** Waits for a line of its log (stderr) that contains {@code text}; fails after {@code timeout}. */
    public void awaitLog(String text, Duration timeout) throws InterruptedException {
        process.awaitStderr(Pattern.compile(Pattern.quote(text)), timeout);
    }

    /** Its log so far. */
    public String log() {
        return process.stderr();
    }

    @Override
    public void close() {
        process.close();
    }
}
