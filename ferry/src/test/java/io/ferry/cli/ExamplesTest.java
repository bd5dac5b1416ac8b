package io.ferry.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Ferry config under {@code examples/} passes {@code ferry check config} without a problem or a
 * warning, so the files it names (file_sd targets) ship with it; rule files ({@code groups:}) are
 * Prometheus' and are checked by promtool in their own test.
 */
class ExamplesTest extends CapturedCli {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();

    /** The configs in examples/ and in its recipe directories (tunnel/: the remote-site pair). */
    private static List<Path> configs() throws IOException {
        try (Stream<Path> top = Files.list(EXAMPLES); Stream<Path> tunnel = Files.list(EXAMPLES.resolve("tunnel"))) {
            return Stream.concat(top, tunnel).filter(f -> f.toString().endsWith(".yml"))
                    .filter(ExamplesTest::isFerryConfig).sorted().toList();
        }
    }

    private static boolean isFerryConfig(Path f) {
        try {
            return Files.readAllLines(f).stream().noneMatch(l -> l.startsWith("groups:"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyExampleConfigChecksCleanly() throws Exception {
        List<Path> configs = configs();
        assertThat(configs).as("Ferry configs in %s", EXAMPLES).contains(EXAMPLES.resolve("scrape-forward.yml"),
                EXAMPLES.resolve("cluster.yml"),
                EXAMPLES.resolve("tunnel/central.yml"), EXAMPLES.resolve("tunnel/remote.yml"));
        for (Path f : configs) {
            assertThat(run("check", "config", f.toString())).as("%s: %s", f, err).isZero();
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void scrapeForwardShipsItsTargetFiles() throws Exception {
        Path targets = EXAMPLES.resolve("targets");
        assertThat(targets).isDirectory();
        try (Stream<Path> files = Files.list(targets)) {
            assertThat(files.map(f -> f.getFileName().toString())).contains("web.yml", "db.json");
        }
    }
}
