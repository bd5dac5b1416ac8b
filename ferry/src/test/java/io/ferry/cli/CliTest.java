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
    void helpNamesOnlyWhatExists() {
        assertThat(run("--help")).isZero();
        // The tunnel exists now: its client is a command; nothing else unbuilt is named.
        assertThat(out.toString()).contains("tunnel-client").doesNotContain("StatsD", "OTLP");
    }

    /** Every flag name, URL and path in every help is whole on one line, where it can be copied. */
    @Test
    void helpNeverBreaksAWordAcrossLines() {
        java.util.List<String[]> commands = java.util.List.of(new String[] {"--help"}, new String[] {"serve", "--help"},
                new String[] {"push", "--help"}, new String[] {"run", "--help"}, new String[] {"check", "--help"},
                new String[] {"check", "config", "--help"}, new String[] {"check", "metrics", "--help"},
                new String[] {"tunnel-client", "--help"});
        for (String[] command : commands) {
            out.getBuffer().setLength(0);
            assertThat(run(command)).isZero();
            String help = out.toString();
            picocli.CommandLine.Model.CommandSpec spec = Cli.commandLine().getCommandSpec();
            for (int i = 0; i < command.length - 1; i++) {
                spec = spec.subcommands().get(command[i]).getCommandSpec();
            }
            for (picocli.CommandLine.Model.OptionSpec o : spec.options()) {
                assertThat(help).as(String.join(" ", command)).contains(o.longestName());
                for (String word : String.join(" ", o.description()).split(" ")) {
                    if (word.contains("://") || word.contains("/") || word.startsWith("--")) {
                        String whole = word.replaceAll("[.,;:)]+$", "").replaceAll("^\\(", "");
                        assertThat(help).as(String.join(" ", command) + ": " + whole).contains(whole);
                    }
                }
            }
        }
    }

    @Test
    void aUsageErrorSaysWhatIsWrongAndWhereHelpIs() {
        assertThat(run("serve", "--bogus")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("Unknown option: '--bogus'", "See 'ferry serve --help'.");
        assertThat(out.toString()).isEmpty();
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
