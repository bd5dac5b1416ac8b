package io.ferry.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar ferry.jar ARGS} as a child process, with its stderr collected line by line.
 * Always {@link #close} it: that kills the process if it is still running.
 */
final class FerryProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("msg=\"listening\" address=(\\S+)|\"msg\":\"listening\",\"address\":\"([^\"]+)\"");

    private final Process process;
    private final BlockingQueue<String> stderrLines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;

    private FerryProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderrLines.add(line);
                }
            } catch (IOException e) {
                // The process went away; what was read is kept.
            }
        });
    }

    /** The jar failsafe passes as system property {@code ferry.jar}, run by the JDK running the tests. */
    static FerryProcess start(Path workDir, String... args) throws IOException {
        String jar = System.getProperty("ferry.jar");
        if (jar == null) {
            throw new IllegalStateException("system property ferry.jar is not set; run through failsafe (mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        return new FerryProcess(new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** Waits for the {@code listening} log line and returns its {@code host:port}. */
    String awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = stderrLines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!process.isAlive() && stderrLines.isEmpty()) {
                    throw new AssertionError("ferry exited with " + process.exitValue() + " before listening:\n" + stderr());
                }
                continue;
            }
            seen.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return m.group(1) != null ? m.group(1) : m.group(2);
            }
        }
        throw new AssertionError("no listening line within " + timeout + ":\n" + stderr());
    }

    Process process() {
        return process;
    }

    /** Sends SIGINT, which {@link Process} cannot: through kill(1). */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -INT failed");
        }
    }

    /** Every stderr line so far; complete once the process has exited. */
    String stderr() throws InterruptedException {
        if (!process.isAlive()) {
            reader.join(Duration.ofSeconds(5));
        }
        stderrLines.drainTo(seen);
        return String.join("\n", seen);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
