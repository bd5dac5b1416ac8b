package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar ferry.jar check ...}: exit codes and messages as a script sees them. */
class CheckProcessIT {
    @TempDir
    Path dir;

    private record Outcome(int exit, String stderr) {
    }

    private Outcome run(String... args) throws Exception {
        try (ChildProcess ferry = FerryJar.start(dir, args)) {
            assertThat(ferry.awaitExit(Duration.ofSeconds(30))).as("finished").isTrue();
            // Its lines without the last newline, as a script's $(...) has them.
            return new Outcome(ferry.exitValue(), String.join("\n", ferry.stderr().lines().toList()));
        }
    }

    @Test
    void checkConfig() throws Exception {
        Path good = Files.writeString(dir.resolve("good.yml"), "web:\n  listen_address: :9091\n");
        assertThat(run("check", "config", good.toString())).isEqualTo(new Outcome(0, ""));

        Path bad = Files.writeString(dir.resolve("bad.yml"), "web:\n  lisen_address: :9091\n");
        Outcome o = run("check", "config", bad.toString());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.stderr()).isEqualTo(bad + ":2: unknown key \"lisen_address\" in web (allowed: listen_address, "
                + "route_prefix, external_url, telemetry_path, enable_admin_api, enable_lifecycle, enable_openmetrics, config_file)");
    }

    // Needs the text parser (io.ferry.exposition.PrometheusTextParser).
    @Test
    void checkMetrics() throws Exception {
        Path valid = Files.writeString(dir.resolve("valid.txt"), CheckMetricsCommandTest.VALID);
        assertThat(run("check", "metrics", valid.toString())).isEqualTo(new Outcome(0, ""));

        Path broken = Files.writeString(dir.resolve("broken.txt"), CheckMetricsCommandTest.BROKEN);
        Outcome o = run("check", "metrics", broken.toString());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.stderr()).contains(broken + ":3:");
    }
}
