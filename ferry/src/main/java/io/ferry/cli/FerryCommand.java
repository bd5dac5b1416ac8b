package io.ferry.cli;

import picocli.CommandLine.Command;

/** {@code ferry}: the top of the command tree. With no command, {@link Cli} runs {@code serve}. */
@Command(name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Carries Prometheus metrics by every route (scrape, push, tunnel, StatsD, OTLP) "
                + "to Prometheus-compatible storage. With no command, runs 'serve'.",
        subcommands = {ServeCommand.class, CheckCommand.class, PushCommand.class, RunCommand.class})
final class FerryCommand {
}
