package io.ferry.cli;

import picocli.CommandLine.Command;

/** {@code ferry check}: offline validation of files, like {@code promtool check}. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Check files for problems, like promtool check. Exits 1 when there are any.",
        subcommands = {CheckMetricsCommand.class, CheckConfigCommand.class})
final class CheckCommand {
}
