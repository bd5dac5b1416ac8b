package io.ferry.cli;

import io.ferry.cli.gateway.StopSignal;
import sun.misc.Signal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Signals to {@code ferry run} while its command runs. SIGTERM and SIGHUP, which supervisors send
 * to the main process only (systemd's {@code KillMode=process}, {@code kill PID}), are passed on to
 * the command, so it can stop cleanly and its end still gets pushed. SIGINT is ignored by
 * {@code ferry run} itself, as {@code system(3)} does: a Ctrl-C reaches the command through the
 * terminal's process group, and forwarding it would deliver it twice. Once the command has ended,
 * SIGTERM or SIGHUP stops the pending push retries instead, so {@code ferry run} exits promptly.
 *
 * <p>The handlers are Java handlers, not {@code SIG_IGN}, so the command starts with the default
 * disposition of every signal (an ignored signal would stay ignored across exec).
 * {@code sun.misc.Signal} is kept available on purpose by JEP 260. Thread-safe.
 */
final class SignalForwarder {
    private final StopSignal afterExit;
    private Process process;
    private boolean ended;
    private String pending;

    SignalForwarder(StopSignal afterExit) {
        this.afterExit = afterExit;
    }

    /** Takes over SIGTERM, SIGHUP and SIGINT for the rest of the process's life. */
    void install() {
        for (String name : new String[]{"TERM", "HUP", "INT"}) {
            try {
                Signal.handle(new Signal(name), this::onSignal);
            } catch (IllegalArgumentException e) {
                // Under -Xrs or a JVM that owns the signal: it keeps its default handling.
            }
        }
    }

    /** The command started: forward to it, including a signal that came while it was starting. */
    synchronized void attach(Process p) {
        process = p;
        if (pending != null) {
            forward(pending);
            pending = null;
        }
    }

    /** The command ended (or never started): later signals stop the pushes. */
    synchronized void commandEnded() {
        process = null;
        ended = true;
        if (pending != null) {
            afterExit.stop();
        }
    }

    private synchronized void onSignal(Signal signal) {
        String name = signal.getName();
        if (name.equals("INT")) {
            return;
        }
        if (process != null) {
            forward(name);
        } else if (ended) {
            afterExit.stop();
        } else {
            pending = name;
        }
    }

    private void forward(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            if (name.equals("TERM")) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
