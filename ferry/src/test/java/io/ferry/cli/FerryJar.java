package io.ferry.cli;

import io.ferry.testing.ChildProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * {@code java -jar ferry.jar ARGS} as a {@link ChildProcess}: the jar failsafe passes as system
 * property {@code ferry.jar}, run by the JDK running the tests, in a directory of the test's, without
 * the test's own {@code FERRY_TOKEN}. Close what it starts. Public for the process tests of other
 * packages (the tunnel's). A {@code serve} (named or implied) that sets no StatsD listener gets
 * {@code --statsd.listen-udp= --statsd.listen-tcp=}: its default {@code :9125} would make servers
 * started at once (by parallel builds too) fight for one port; likewise, one that sets no OTLP listener gets
 * {@code --otlp.http-listen-address= --otlp.grpc-listen-address=} (4318 and 4317).
 *
 * <pre>{@code
 * try (ChildProcess ferry = FerryJar.start(dir, "--web.listen-address=127.0.0.1:0")) {
 *     String address = FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
 *     ...
 * }
 * }</pre>
 */
public final class FerryJar {
    private static final Pattern LISTENING = Pattern.compile(
            "msg=\"listening\" address=(\\S+)|\"msg\":\"listening\",\"address\":\"([^\"]+)\"");
    private static final Pattern SERVING_METRICS = Pattern.compile("msg=\"serving metrics\" address=(\\S+)");

    private FerryJar() {
    }

    public static ChildProcess start(Path dir, String... args) throws IOException {
        return command(dir, args).start();
    }

    /** The command, to add stdin or environment before starting it. */
    public static ChildProcess.Builder command(Path dir, String... args) {
        return command(dir, List.of(), args);
    }

    /**
     * The command run by {@code launcher}, a command that runs the rest of its arguments (such as
     * {@code ip netns exec NAME}); none when empty.
     */
    public static ChildProcess.Builder command(Path dir, List<String> launcher, String... args) {
        String jar = System.getProperty("ferry.jar");
        if (jar == null) {
            throw new IllegalStateException("system property ferry.jar is not set; run through failsafe (mvn verify)");
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        if (isServe(args) && Arrays.stream(args).noneMatch(a -> a.startsWith("--statsd.listen-"))) {
            command.addAll(List.of("--statsd.listen-udp=", "--statsd.listen-tcp="));
        }
        if (isServe(args) && Arrays.stream(args).noneMatch(a -> a.startsWith("--otlp.") && a.contains("listen-address"))) {
            command.addAll(List.of("--otlp.http-listen-address=", "--otlp.grpc-listen-address="));
        }
        return ChildProcess.builder(command).directory(dir).withoutEnv("FERRY_TOKEN");
    }

    /** Whether {@code args} run {@code serve}: named, or implied by a flag first (as {@code Cli} reads them). */
    private static boolean isServe(String[] args) {
        return args.length > 0 && (args[0].equals("serve")
                || args[0].startsWith("--") && !args[0].equals("--help") && !args[0].equals("--version"));
    }

    /** Waits for the {@code listening} log line (logfmt or JSON) and returns its {@code host:port}. */
    public static String awaitListening(ChildProcess ferry, Duration timeout) throws InterruptedException {
        MatchResult m = ferry.awaitStderr(LISTENING, timeout);
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /**
     * Waits for {@code ferry tunnel-client}'s {@code serving metrics} log line (logfmt) and returns
     * the metrics endpoint's base URL: start it with {@code --metrics-addr 127.0.0.1:0}, so that no
     * port is chosen before the client binds it and taken by another process in between.
     */
    public static String awaitServingMetrics(ChildProcess client, Duration timeout) throws InterruptedException {
        return "http://" + client.awaitStderr(SERVING_METRICS, timeout).group(1);
    }
}
