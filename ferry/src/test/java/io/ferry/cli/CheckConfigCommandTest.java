package io.ferry.cli;

import io.ferry.config.AuthConfig;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.server.FerryServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

    /** As promtool checks the files a config names: a remote_write that serve could not start is a problem. */
    @Test
    void aRemoteWriteWhoseFilesCannotBeReadIsAProblem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        String config = "remote_write:\n  - url: http://127.0.0.1:9/api/v1/write\n    name: rx\n"
                + "    basic_auth: {username: u, password_file: pw}\n";
        Files.writeString(f, config);
        assertThat(run("check", "config", f.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith(f + ": remote_write rx: ").contains("password_file");
        Files.writeString(dir.resolve("pw"), "secret\n");
        err.getBuffer().setLength(0);
        assertThat(run("check", "config", f.toString())).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void clusterSectionIsChecked(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "cluster:\n  bootstrap_servers: 127.0.0.1:9092\n  static_shard: {index: 0, count: 2}\n");
        assertThat(run("check", "config", f.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith(f + ":3: cluster.static_shard: cannot be used with bootstrap_servers");
    }

    @Test
    void theWebConfigFileItNamesIsCheckedAsServeReadsIt(@TempDir Path dir) throws Exception {
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "basic_auth_users:\n  alice: plaintext\n");
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "web:\n  config_file: web.yml\n");
        assertThat(run("check", "config", f.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("invalid web config file: " + web + ":2: basic_auth_users.alice: is not a "
                + "bcrypt hash ($2a$, $2b$ or $2y$, a cost of 04 to 31, 53 characters of salt and hash), e.g. from "
                + "htpasswd -nBC 10 \"\" | tr -d ':\\n'\n");
    }

    @Test
    void theWebConfigFileFlagIsCheckedWithOrWithoutAConfigFile(@TempDir Path dir) throws Exception {
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "tls_server_config:\n  cert_file: missing.pem\n  key_file: missing-key.pem\n");
        assertThat(run("check", "config", "--web.config.file", web.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tls_server_config.cert_file: cannot read " + dir.resolve("missing.pem")
                + ": NoSuchFileException\n");

        err.getBuffer().setLength(0);
        Path f = dir.resolve("ferry.yml");
        Files.writeString(f, "log:\n  level: info\n");
        Files.writeString(web, "rate_limit:\n  interval: -1s\n");
        assertThat(run("check", "config", f.toString(), "--web.config.file=" + web)).isEqualTo(1);
        assertThat(err.toString()).startsWith("invalid web config file: " + web + ":2: rate_limit.interval: ");

        err.getBuffer().setLength(0);
        Files.writeString(web, "http_server_config:\n  headers:\n    X-Frame-Options: deny\n");
        assertThat(run("check", "config", "--web.config.file", web.toString())).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void checkConfigAndServeStopWithTheSameMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        Path web = dir.resolve("web.yml");
        for (String yaml : new String[] {
                "tls_server_config:\n  cert_file: garbage.pem\n  key_file: garbage.pem\n",
                "tls_server_config:\n  cert_file: missing.pem\n  key_file: garbage.pem\n",
                "basic_auth_users:\n  alice: plaintext\n",
                "rate_limit:\n  interval: -1s\n"}) {
            Files.writeString(web, yaml);
            FerryConfig config = new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")),
                    new StorageConfig(dir.resolve("data")), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push())
                    .withAuth(AuthConfig.DEFAULTS.withWebConfigFile(web));
            String served = catchThrowableOfType(IOException.class, () -> FerryServer.start(config).close()).getMessage();
            err.getBuffer().setLength(0);
            assertThat(run("check", "config", "--web.config.file", web.toString())).as(yaml).isEqualTo(1);
            assertThat(err.toString()).as(yaml).isEqualTo(served + "\n");
        }
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
