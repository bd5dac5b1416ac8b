package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar ferry.jar serve} started wrongly exits 1 with one error line that names the
 * problem and the path, never a Java exception; started rightly, it logs where its config and state are.
 */
class StartupErrorsProcessIT {
    @TempDir
    Path dir;

    /** Runs Ferry to its exit (it must exit 1) and returns its stderr. */
    private String failedStart(String... args) throws Exception {
        try (ChildProcess ferry = FerryJar.start(dir, args)) {
            assertThat(ferry.awaitExit(Duration.ofSeconds(30))).as("exited").isTrue();
            String stderr = ferry.stderr();
            assertThat(ferry.exitValue()).as("exit status; stderr:\n%s", stderr).isEqualTo(1);
            assertThat(stderr).as("no Java exception").doesNotContain("Exception").doesNotContain("\tat ");
            return stderr;
        }
    }

    @Test
    void storagePathThatIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");
        assertThat(failedStart("--web.listen-address=127.0.0.1:0", "--storage.path=data"))
                .contains("level=error msg=\"cannot start\"")
                .contains("the storage path " + file.toRealPath() + " is a file, not a directory");
    }

    @Test
    void storagePathThatCannotBeWritten() throws Exception {
        Path readOnly = readOnlyDirectory();
        assertThat(failedStart("--web.listen-address=127.0.0.1:0", "--storage.path=" + readOnly))
                .contains("level=error msg=\"cannot start\"")
                .contains("cannot write to the storage directory " + readOnly + ": ");
    }

    @Test
    void kafkaServersThatDoNotResolve() throws Exception {
        Files.writeString(dir.resolve("ferry.yml"), "cluster:\n  bootstrap_servers: no-such-host.invalid:9092\n");
        assertThat(failedStart("--web.listen-address=127.0.0.1:0", "--storage.path=data", "--config.file=ferry.yml"))
                .contains("level=error msg=\"cannot start\" err=\"cluster.bootstrap_servers \\\"no-such-host.invalid:9092"
                        + "\\\": No resolvable bootstrap urls given in bootstrap.servers\"");
    }

    @Test
    void missingConfigFile() throws Exception {
        assertThat(failedStart("--web.listen-address=127.0.0.1:0", "--storage.path=data", "--config.file=nope.yml"))
                .contains("level=error msg=\"invalid config file\"")
                .contains("nope.yml: cannot read: no such file or directory");
    }

    @Test
    void theStartLogSaysWhereConfigAndStateAre() throws Exception {
        Files.writeString(dir.resolve("ferry.yml"), "log:\n  level: info\n");
        try (ChildProcess ferry = FerryJar.start(dir, "--config.file=ferry.yml", "--web.listen-address=127.0.0.1:0",
                "--storage.path=data")) {
            FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            Path real = dir.toRealPath();
            assertThat(ferry.stderr()).contains("msg=\"starting Ferry\"")
                    .containsAnyOf("config_file=" + real.resolve("ferry.yml"), "config_file=" + dir.resolve("ferry.yml"))
                    .containsAnyOf("storage_path=" + real.resolve("data"), "storage_path=" + dir.resolve("data"));
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(Duration.ofSeconds(10))).isTrue();
        }
    }

    /**
     * A directory Ferry cannot create a file in: one without write permission, or, where permissions
     * do not bind (root), a read-only system directory.
     */
    private Path readOnlyDirectory() throws IOException {
        Path d = Files.createDirectory(dir.resolve("ro"));
        d.toFile().setWritable(false, false);
        if (!canCreateFileIn(d)) {
            return d;
        }
        Path sys = Path.of("/sys");
        Assumptions.assumeTrue(Files.isDirectory(sys) && !canCreateFileIn(sys), "no read-only directory to try");
        return sys;
    }

    private static boolean canCreateFileIn(Path d) {
        try {
            Files.delete(Files.createTempFile(d, "probe", null));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
