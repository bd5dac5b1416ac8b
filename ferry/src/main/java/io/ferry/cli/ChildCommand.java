package io.ferry.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the command of {@code ferry run} with stdin, stdout and stderr inherited, and reports how it
 * ended as a shell would: its exit code, 128+N when signal N killed it (the JDK reports it so), 127
 * when it was not found, 126 when it could not be executed.
 *
 * <pre>{@code
 * ChildCommand.Ended e = ChildCommand.run(List.of("backup.sh", "--full"), Map.of(), forwarder);
 * }</pre>
 */
final class ChildCommand {
    static final int NOT_FOUND = 127;
    static final int CANNOT_EXECUTE = 126;
    private static final Pattern ERRNO = Pattern.compile("error(?:=|: )(\\d+)");
    private static final int ENOENT = 2;
    private static final int ENOEXEC = 8;
    private static final int EACCES = 13;
    private static final int ENOTDIR = 20;

    private ChildCommand() {
    }

    /**
     * How the command ended.
     *
     * @param exitCode       its exit code, in a shell's terms
     * @param durationNanos  from just before starting it to its exit
     * @param startFailure   why it could not be started, or null when it ran
     */
    record Ended(int exitCode, long durationNanos, String startFailure) {
    }

    /**
     * Starts the command, hands it to {@code forwarder} for signals, and waits for it to exit. An
     * interrupted wait kills the command before it throws: nothing else would, and it would outlive
     * {@code ferry run}.
     */
    static Ended run(List<String> command, Map<String, String> extraEnv, SignalForwarder forwarder) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().putAll(extraEnv);
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            forwarder.commandEnded();
            return new Ended(startFailureCode(e), System.nanoTime() - start, startFailure(command.getFirst(), e));
        }
        forwarder.attach(process);
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            forwarder.commandEnded();
            throw e;
        }
        long duration = System.nanoTime() - start;
        forwarder.commandEnded();
        return new Ended(exit, duration, null);
    }

    static int startFailureCode(IOException e) {
        int errno = errno(e);
        return errno == ENOENT || errno == ENOTDIR ? NOT_FOUND : CANNOT_EXECUTE;
    }

    /** {@code backup.sh: command not found}, or {@code backup.sh: cannot execute: Permission denied}. */
    static String startFailure(String program, IOException e) {
        int errno = errno(e);
        return switch (errno) {
            case ENOENT, ENOTDIR -> program + ": command not found";
            case EACCES -> program + ": cannot execute: permission denied";
            case ENOEXEC -> program + ": cannot execute: not an executable format (a script needs a #! line)";
            default -> program + ": cannot execute: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        };
    }

    private static int errno(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : ERRNO.matcher(t.getMessage());
            if (m != null && m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }
}
