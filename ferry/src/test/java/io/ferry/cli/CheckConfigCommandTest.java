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

    @Test
    void everyProblemIsPrinted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "storage:\n  pth: x\nscrape_configs:\n  - job_name: a\n    scrape_intervl: 5s\n"
                + "log:\n  level: loud\n");
        assertThat(run("check", "config", f.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(3)
                .satisfiesExactly(l -> assertThat(l).startsWith(f + ":2: unknown key \"pth\""),
                        l -> assertThat(l).startsWith(f + ":5: unknown key \"scrape_intervl\""),
                        l -> assertThat(l).startsWith(f + ":7: log.level: unknown log level \"loud\""));
    }

    @Test
    void aFileSdPatternThatMatchesNoFileIsAWarningAsInPromtool(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "scrape_configs:\n  - job_name: services\n    file_sd_configs:\n"
                + "      - files: [targets/*.json, here.yml]\n");
        Files.writeString(dir.resolve("here.yml"), "- targets: [a:1]\n");
        assertThat(run("check", "config", f.toString())).isZero();
        assertThat(err.toString()).isEqualTo(f + ": warning: file \"" + dir.resolve("targets/*.json") + "\" for file_sd in scrape job "
                + "\"services\" does not exist\n");
    }

    @Test
    void aJobThatScrapesFerryItselfBesideRemoteWriteIsAWarning(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "scrape_configs:\n  - job_name: self\n    static_configs: [{targets: [\"localhost:9091\"]}]\n"
                + "remote_write:\n  - url: http://localhost:9090/api/v1/write\n");
        assertThat(run("check", "config", f.toString())).isZero();
        assertThat(err.toString()).startsWith(f + ": warning: scrape job \"self\" scrapes Ferry's own /metrics at "
                + "localhost:9091").contains("sent twice");
    }
}
