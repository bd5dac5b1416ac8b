package io.ferry.cli;

import io.ferry.exposition.ExpositionFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckMetricsCommandTest extends CapturedCli {
    static final String VALID = """
            # HELP jobs_done_total Jobs done.
            # TYPE jobs_done_total counter
            jobs_done_total{job="etl"} 42
            """;
    /** Line 3 has an invalid metric name; line 4 a value that is not a number. */
    static final String BROKEN = """
            # TYPE ok gauge
            ok 1
            0bad 2
            also_bad{a="b"} twelve
            """;

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void detectsOpenMetricsByItsEofLine() {
        assertThat(detect("a 1\n# EOF\n")).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(detect("a 1\n# EOF")).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(detect("# EOF\n\n")).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(detect("a 1\n")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(detect("a 1\n## EOF\n")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(detect("")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    }

    private static ExpositionFormat detect(String s) {
        return ExpositionInput.detect(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unreadableFileIsAProblem() {
        assertThat(run("check", "metrics", dir.resolve("absent.txt").toString())).isEqualTo(1);
        // Why, in words: a missing file and one that cannot be opened would otherwise read the same.
        assertThat(err.toString()).startsWith(dir.resolve("absent.txt") + ": cannot read: no such file or directory");
    }

    @Test
    void unknownFormatIsAUsageError() throws Exception {
        assertThat(run("check", "metrics", "--format=json", file("m.txt", VALID).toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown format \"json\"");
    }

    @Test
    void validExpositionExitsZeroSilently() throws Exception {
        assertThat(run("check", "metrics", file("valid.txt", VALID).toString())).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void brokenExpositionPrintsFileAndLine() throws Exception {
        Path f = file("broken.txt", BROKEN);
        assertThat(run("check", "metrics", f.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith(f + ":3: ");
    }

    @Test
    void everyBrokenLineIsReported() throws Exception {
        Path f = file("many.txt", "ok 1\n0bad 1\nfine 2\nm{a=\"1\",a=\"2\"} 1\nok 3\n");
        assertThat(run("check", "metrics", f.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(f + ":2: invalid metric name \"0bad\"\n"
                + f + ":4: duplicate label name \"a\"\n"
                + f + ":5: duplicate series ok{}\n");
    }

    @Test
    void stdinIsNamedAsSuch() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(BROKEN.getBytes(StandardCharsets.UTF_8)));
            assertThat(run("check", "metrics", "-")).isEqualTo(1);
            assertThat(err.toString()).startsWith("<stdin>:3: ");
        } finally {
            System.setIn(saved);
        }
    }
}
