package io.ferry.cli;

import picocli.CommandLine.Command;

/** {@code ferry}: the top of the command tree. With no command, {@link Cli} runs {@code serve}. */
@Command(name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Carries Prometheus metrics to Prometheus-compatible storage: takes pushes as a "
                + "Pushgateway does, scrapes targets, and sends both on by remote write. With no command, runs 'serve'.",
        footer = {"", "From a checkout, 'bin/ferry install [--prefix DIR]' puts ferry on the PATH (DIR/bin, "
                + "default ~/.local/bin)."},
        subcommands = {ServeCommand.class, CheckCommand.class, PushCommand.class, RunCommand.class,
                TunnelClientCommand.class})
final class FerryCommand {
}
