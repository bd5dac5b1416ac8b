package io.ferry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckConfigCommandTest extends CapturedCli {

    @Test
    void validConfigPrintsNothing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "web:\n  listen_address: :9091\n");
        assertThat(run("check", "config", f.toString())).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void problemsArePrintedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "log:\n  level: info\n  lvl: debug\n");
        assertThat(run("check", "config", f.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(f + ":3: unknown key \"lvl\" in log (allowed: level, format)\n");
    }

    @Test
    void lifecycleRulesAreChecked(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "push:\n  liveness:\n    - match: {job: backup}\n      every: 24h\n      grace: 1h\n"
                + "    - match_re: {job: \"etl(\"}\n      every: auto\n");
        assertThat(run("check", "config", f.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(f + ":6: push.liveness[1].match_re: invalid regex for job: "
                + "missing closing ) at offset 4 in \"etl(\"\n");
    }

    @Test
    void prometheusSectionsAreChecked(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n"
                + "  - job_name: b\n    scrape_timeout: 20s\n");
        assertThat(run("check", "config", f.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(f + ":6: scrape_configs[1].scrape_timeout: 20s is longer than scrape_interval 15s\n");
    }
}
