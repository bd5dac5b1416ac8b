package io.ferry.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest extends CapturedCli {

    @Test
    void noCommandMeansServe() {
        assertThat(Cli.withDefaultCommand(new String[0])).containsExactly("serve");
        assertThat(Cli.withDefaultCommand(new String[]{"--web.listen-address=:1"}))
                .containsExactly("serve", "--web.listen-address=:1");
        assertThat(Cli.withDefaultCommand(new String[]{"check", "config", "f"})).containsExactly("check", "config", "f");
        assertThat(Cli.withDefaultCommand(new String[]{"--help"})).containsExactly("--help");
        assertThat(Cli.withDefaultCommand(new String[]{"-V"})).containsExactly("-V");
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("ferry, version ").doesNotContain("${").contains("java: ");
    }

    @Test
    void helpListsCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve", "check", "push", "run");
    }

    @Test
    void runTakesEverythingAfterTheCommandNameAsTheCommand() {
        // Without "--", the command's own flags must not be read as ferry run's.
        picocli.CommandLine cl = Cli.commandLine();
        picocli.CommandLine.ParseResult r = cl.parseArgs("run", "--gateway", "http://h", "--job", "j", "ls", "-l", "--job", "x");
        assertThat(r.subcommand().matchedPositionalValue(0, java.util.List.of())).isEqualTo(java.util.List.of("ls", "-l", "--job", "x"));
    }

    @Test
    void serveHelpListsEveryFlag() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--config.file", "--web.listen-address", "--storage.path", "--log.level",
                "--log.format", "default: :9091", "default: ./data");
    }

    @Test
    void badFlagValueIsAUsageError() {
        assertThat(run("--log.level=verbose")).isEqualTo(2);
        assertThat(err.toString()).contains("--log.level", "unknown log level \"verbose\"");
        assertThat(run("serve", "--web.listen-address", "9091")).isEqualTo(2);
        assertThat(err.toString()).contains("missing port");
    }

    @Test
    void checkWithoutWhatToCheckIsAUsageError() {
        assertThat(run("check")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand");
    }

    @Test
    void invalidConfigFileFailsServeBeforeListening() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("ferry", ".yml");
        try {
            java.nio.file.Files.writeString(f, "web:\n  port: 1\n");
            assertThat(run("serve", "--config.file", f.toString())).isEqualTo(1);
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
