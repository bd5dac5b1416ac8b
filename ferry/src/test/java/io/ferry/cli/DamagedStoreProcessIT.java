package io.ferry.cli;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.recordfile.LogDamage;
import io.ferry.state.DurableGroupStore;
import io.ferry.state.GroupStore;
import io.ferry.state.Mutation;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferry serve} on a push store damaged in the middle of its log: the start stops with exit 1
 * and a message naming the file, the byte and {@code --storage.repair}; with the flag it starts
 * without the damage, says what it cut, and keeps a copy.
 */
class DamagedStoreProcessIT {
    @TempDir
    Path dir;

    @Test
    void damageStopsTheStartAndTheRepairFlagCutsItKeepingACopy() throws Exception {
        Path data = dir.resolve("data");
        Path push = data.resolve("push");
        try (DurableGroupStore store = DurableGroupStore.open(push, DurableGroupStore.Options.DEFAULT.withoutFsync())) {
            for (int i = 0; i < 10; i++) {
                store.apply(new Mutation.Replace(Labels.of("job", "g" + i), List.of(new MetricFamily("v",
                        MetricType.GAUGE, null, null, List.of(ValueMetric.of(Labels.of("job", "g" + i, "instance", ""),
                        i)))), i), GroupStore.Check.NONE).join();
            }
        }
        Path wal = push.resolve("wal-00000001");
        byte[] bytes = Files.readAllBytes(wal);
        long sixth = LogDamage.frameStarts(bytes)[5];
        bytes[(int) sixth + 12] ^= 0x01; // inside the sixth group's record
        Files.write(wal, bytes);

        try (ChildProcess ferry = FerryJar.start(dir, "serve", "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + data)) {
            assertThat(ferry.awaitExit(Duration.ofSeconds(30))).as("exited within 30 s").isTrue();
            assertThat(ferry.exitValue()).isEqualTo(1);
            assertThat(ferry.stderr()).contains("cannot start", wal.toString(), "at byte " + sixth,
                    "followed by 4 records", "--storage.repair");
        }
        assertThat(Files.readAllBytes(wal)).isEqualTo(bytes);

        try (ChildProcess ferry = FerryJar.start(dir, "serve", "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + data, "--storage.repair")) {
            TestHttp http = TestHttp.to("http://" + FerryJar.awaitListening(ferry, Duration.ofSeconds(30)));
            assertThat(http.status("GET", "/-/ready")).isEqualTo(200);
            String metrics = http.send("GET", "/metrics", null).body();
            assertThat(metrics).contains("job=\"g4\"").doesNotContain("job=\"g5\"");
            assertThat(ferry.stderr()).contains("repaired a damaged push store file",
                    "4 records among them that checked out", "wal-00000001.damaged-" + sixth);
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(push.resolve("wal-00000001.damaged-" + sixth)).exists();
        assertThat(Files.size(wal)).isEqualTo(sixth);
    }
}
