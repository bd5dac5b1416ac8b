package io.ferry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar ferry.jar ARGS} as a child process with stdin from a file and stdout and stderr
 * to files, so that a test sees exactly what {@code ferry run} passes through. Always waited for
 * with a bound, and killed if it overruns.
 */
final class GatewayRun {
    record Outcome(int exit, String stdout, String stderr) {
    }

    private GatewayRun() {
    }

    static Process start(Path dir, Map<String, String> env, String stdin, String... args) throws IOException {
        String jar = System.getProperty("ferry.jar");
        if (jar == null) {
            throw new IllegalStateException("system property ferry.jar is not set; run through failsafe (mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        Path in = Files.writeString(Files.createTempFile(dir, "stdin", ".txt"), stdin);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(in.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().remove("FERRY_TOKEN");
        pb.environment().putAll(env);
        return pb.start();
    }

    static Outcome await(Path dir, Process p, int seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("ferry did not finish within " + seconds + "s; stderr:\n"
                    + Files.readString(dir.resolve("stderr.txt")));
        }
        return new Outcome(p.exitValue(), Files.readString(dir.resolve("stdout.txt")), Files.readString(dir.resolve("stderr.txt")));
    }

    static Outcome run(Path dir, String... args) throws Exception {
        return await(dir, start(dir, Map.of(), "", args), 60);
    }
}
