package io.ferry.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * A server program from the machine (the Pushgateway, Prometheus) run as a {@link ChildProcess} on
 * a free loopback port for one test, ready once it answers over HTTP. {@link #close} stops it:
 * SIGTERM, then SIGKILL if it has not exited within 10 s. Always close it, in a finally or
 * try-with-resources.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 3;

    private final String name;
    private final ChildProcess process;
    private final String host;
    private final int port;
    /** Whether it answered its ready path; false when it exited first. */
    private boolean ready;

    private ServerProcess(String name, ChildProcess process, String host, int port) {
        this.name = name;
        this.process = process;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts {@code command.apply(port)} on a free loopback port and waits until
     * {@code GET readyPath} answers 200. A port taken by someone else between choosing and binding
     * makes the program exit; then another port is tried, up to three times.
     */
    public static ServerProcess start(String name, IntFunction<List<String>> command, String readyPath)
            throws IOException, InterruptedException {
        return start(name, "127.0.0.1", command, readyPath);
    }

    /** As {@link #start(String, IntFunction, String)}, for a program told to listen on {@code host}, an address of this machine. */
    public static ServerProcess start(String name, String host, IntFunction<List<String>> command, String readyPath)
            throws IOException, InterruptedException {
        String failures = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ExternalTool.freeLoopbackPort();
            ServerProcess server = launch(name, host, port, command, readyPath);
            if (server.ready) {
                return server;
            }
            failures += "\n--- attempt " + (attempt + 1) + " on port " + port + ":\n" + server.log();
            server.close();
            // Go's servers write "address already in use", nginx "Address already in use".
            if (!failures.toLowerCase(Locale.ROOT).contains("address already in use")) {
                break;
            }
        }
        throw new IOException(name + " did not become ready:" + failures);
    }

    /**
     * Starts {@code command.apply(port)} on the given {@code port}, e.g. to restart a server where its
     * clients expect it, and waits until {@code GET readyPath} answers 200.
     */
    public static ServerProcess startOnPort(String name, int port, IntFunction<List<String>> command, String readyPath)
            throws IOException, InterruptedException {
        ServerProcess server = launch(name, "127.0.0.1", port, command, readyPath);
        if (server.ready) {
            return server;
        }
        String output = server.log();
        server.close();
        throw new IOException(name + " did not become ready on port " + port + ":\n" + output);
    }

    /** Starts the program and waits for it; the result says whether it became ready or exited first. */
    private static ServerProcess launch(String name, String host, int port, IntFunction<List<String>> command,
                                        String readyPath) throws IOException, InterruptedException {
        ServerProcess server = new ServerProcess(name, ChildProcess.builder(command.apply(port)).mergeStderr().start(),
                host, port);
        try {
            server.ready = server.awaitReady(readyPath);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** True once ready; false if the program exited first. Fails after {@link #READY_TIMEOUT}. */
    private boolean awaitReady(String readyPath) throws IOException, InterruptedException {
        TestHttp http = http();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (http.status("GET", readyPath) == 200) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(20);
        }
        throw new IOException(name + " not ready within " + READY_TIMEOUT + ":\n" + log());
    }

    public int port() {
        return port;
    }

    /** {@code http://<host>:<port>} (127.0.0.1 unless started on another host), without a trailing slash. */
    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    /** The tests' HTTP client to it. */
    public TestHttp http() {
        return TestHttp.to(baseUrl());
    }

    /** What the program has written to stdout and stderr so far. */
    public String log() {
        return process.stdout();
    }

    @Override
    public void close() {
        process.close();
    }
}
