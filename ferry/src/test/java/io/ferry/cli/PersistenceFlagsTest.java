package io.ferry.cli;

import io.ferry.config.FerryConfig;
import io.ferry.config.StorageConfig;
import io.ferry.log.LogSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** What Ferry says about the Pushgateway's persistence flags when they are given. */
class PersistenceFlagsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LogSink sink = new LogSink(out, Clock.fixed(Instant.parse("2026-11-21T08:00:00Z"), ZoneOffset.UTC));

    private String explain(String file, Duration interval, FerryConfig config) {
        PersistenceFlags.explain(sink.logger(), file, interval, config);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void saysNothingWithoutTheFlags() {
        assertThat(explain(null, null, FerryConfig.DEFAULTS)).isEmpty();
    }

    @Test
    void theIntervalIsIgnoredAndSaysWhy() {
        assertThat(explain(null, Duration.ofMinutes(1), FerryConfig.DEFAULTS)).isEqualTo(
                "ts=2026-11-21T08:00:00.000Z level=info msg=\"--persistence.interval is accepted and ignored: every "
                        + "change is written to the write-ahead log before it is acknowledged\" interval=1m0s\n");
    }

    @Test
    void theFileChoosesTheDirectoryAndIsNotImported(@TempDir Path dir) throws Exception {
        Path old = Files.writeString(dir.resolve("pushgateway.data"), "gob");
        FerryConfig config = PersistenceFlags.defaults(old.toString());
        assertThat(config.storage().path()).isEqualTo(dir.resolve("pushgateway.data.ferry"));
        assertThat(explain(old.toString(), null, config))
                .contains("level=info msg=\"storage directory chosen from --persistence.file\" storage_path="
                        + dir.resolve("pushgateway.data.ferry"))
                .contains("level=warn msg=\"the Pushgateway's persistence file is not read: its groups are not "
                        + "imported\" file=" + old);
    }

    @Test
    void theFileIsIgnoredWhenAStoragePathIsSet() {
        FerryConfig config = FerryConfig.DEFAULTS.withStorage(new StorageConfig(Path.of("/srv/ferry")));
        assertThat(explain("/nonexistent/pg.data", null, config)).isEqualTo("ts=2026-11-21T08:00:00.000Z level=info "
                + "msg=\"--persistence.file is ignored: the storage path is set\" storage_path=/srv/ferry\n");
        assertThat(PersistenceFlags.defaults("")).isEqualTo(FerryConfig.DEFAULTS);
    }
}
