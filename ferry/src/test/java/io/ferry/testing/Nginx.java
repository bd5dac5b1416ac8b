package io.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}, package {@code nginx-light}) as a reverse proxy in front
 * of one upstream, the way a load balancer sits in front of a server: on a free loopback port, with
 * its own config, temp directories and logs under a directory the test owns, cutting any upstream
 * answer that takes longer than {@code proxy_read_timeout} with a 504, as nginx does.
 *
 * <pre>{@code
 * try (Nginx lb = Nginx.reverseProxy(dir, "127.0.0.1:" + ferryPort, Duration.ofSeconds(60), "/-/healthy")) {
 *     TestHttp.local(lb.port()).get("/metrics");
 *     lb.accessLog(); // "POST /poll 504 60.001 Python-urllib/3.11", one request a line
 * }
 * }</pre>
 *
 * <p>{@link #close} stops it. Not thread-safe: one test thread drives it.
 */
public final class Nginx implements AutoCloseable {
    public static final String PROGRAM = "/usr/sbin/nginx";

    private final ServerProcess server;
    private final Path accessLog;

    private Nginx(ServerProcess server, Path accessLog) {
        this.server = server;
        this.accessLog = accessLog;
    }

    /** Skips where nginx is not installed, fails in CI ({@link ExternalTool#require}). */
    public static Path requireAvailable() {
        return ExternalTool.require(PROGRAM, "nginx-light");
    }

    /**
     * Starts nginx proxying every request to {@code upstream} ({@code host:port}) over HTTP/1.1 with
     * keep-alive, {@code proxy_read_timeout} {@code readTimeout}; ready once {@code GET readyPath}
     * through it answers 200.
     */
    public static Nginx reverseProxy(Path dir, String upstream, Duration readTimeout, String readyPath)
            throws IOException, InterruptedException {
        Path program = requireAvailable();
        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        Path config = prefix.resolve("nginx.conf");
        Path accessLog = prefix.resolve("access.log");
        ServerProcess server = ServerProcess.start("nginx", port -> {
            writeConfig(config, prefix, accessLog, port, upstream, readTimeout);
            return List.of(program.toString(), "-p", prefix.toString(), "-c", config.toString(), "-e", "stderr");
        }, readyPath);
        return new Nginx(server, accessLog);
    }

    private static void writeConfig(Path config, Path prefix, Path accessLog, int port, String upstream,
                                    Duration readTimeout) {
        try {
            Files.writeString(config, """
                    # In the foreground and in one process: the test stops it, and no worker switches to
                    # another user who could not write the test's directory.
                    daemon off;
                    master_process off;
                    pid %1$s/nginx.pid;
                    error_log stderr warn;
                    events {
                      worker_connections 1024;
                    }
                    http {
                      log_format requests '$request_method $request_uri $status $request_time $http_user_agent';
                      access_log %2$s requests;
                      client_body_temp_path %1$s/body;
                      proxy_temp_path %1$s/proxy;
                      fastcgi_temp_path %1$s/fastcgi;
                      uwsgi_temp_path %1$s/uwsgi;
                      scgi_temp_path %1$s/scgi;
                      server {
                        listen 127.0.0.1:%3$d;
                        location / {
                          proxy_pass http://%4$s;
                          proxy_http_version 1.1;
                          proxy_set_header Connection "";
                          proxy_read_timeout %5$dms;
                        }
                      }
                    }
                    """.formatted(prefix, accessLog, port, upstream, readTimeout.toMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * The requests nginx has answered so far, one a line: method, URI, status, seconds taken, user
     * agent ({@code POST /poll 204 2.003 ferry/...}).
     */
    public List<String> accessLog() throws IOException {
        return Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
    }

    /** What nginx has written to stderr (its error log) so far. */
    public String log() {
        return server.log();
    }

    @Override
    public void close() {
        server.close();
    }
}
