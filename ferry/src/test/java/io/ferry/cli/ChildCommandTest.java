package io.ferry.cli;

import io.ferry.cli.gateway.StopSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The command of {@code ferry run}, as a real child process. */
class ChildCommandTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedWaitKillsTheChild() throws Exception {
        Path pidFile = dir.resolve("pid");
        List<String> command = List.of("sh", "-c", "echo $$ > '" + pidFile + "'.tmp && mv '" + pidFile + "'.tmp '" + pidFile
                + "' && exec sleep 60");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                ChildCommand.run(command, Map.of(), new SignalForwarder(new StopSignal()));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        try {
            waiter.interrupt();
            waiter.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            Optional<ProcessHandle> gone = Optional.ofNullable(child.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get());
            assertThat(gone).as("the child exited once the wait was interrupted").isPresent();
        } finally {
            child.destroyForcibly();
        }
    }
}
