package io.ferry.cli;

import io.ferry.log.Log;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;

/**
 * Ferry's command line: {@code ferry [serve] [flags]} and {@code ferry check metrics|config FILE}.
 *
 * <pre>{@code
 * int exit = Cli.run("check", "metrics", "scrape.txt");
 * }</pre>
 *
 * <p>Exit codes: 0 success, 1 failure (problems found, cannot start), 2 bad command line.
 */
public final class Cli {
    /** The options {@code ferry} itself takes; any other leading flag belongs to {@code serve}. */
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private Cli() {
    }

    /** Runs the command line, printing to stdout and stderr, and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(withDefaultCommand(args));
    }

    /** Runs the command line with output captured, for tests. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(withDefaultCommand(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FerryCommand());
        // Everything from the command's name on belongs to the command, with or without "--".
        cl.getSubcommands().get("run").setStopAtPositional(true);
        HelpLayout.apply(cl);
        return cl
                // A usage error: the error and where to look, not the whole help text.
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr().println(e.getMessage());
                    cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
                    return cmd.getCommandSpec().exitCodeOnInvalidInput();
                })
                // "@file" is a valid file name for check; do not expand it into arguments.
                .setExpandAtFiles(false)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    StringWriter stack = new StringWriter();
                    e.printStackTrace(new PrintWriter(stack));
                    Log.logger().error("unexpected error", "command", cmd.getCommandName(), "err", e,
                            "stack", stack.toString().stripTrailing());
                    return 1;
                });
    }

    /**
     * {@code ferry} alone, or {@code ferry --web.listen-address=...}, means {@code ferry serve ...}, as
     * the Pushgateway takes its flags with no command. Only {@code --help} and {@code --version}
     * stay with {@code ferry} itself.
     */
    static String[] withDefaultCommand(String[] args) {
        if (args.length > 0 && (!args[0].startsWith("-") || TOP_LEVEL_OPTIONS.contains(args[0]))) {
            return args;
        }
        String[] withServe = new String[args.length + 1];
        withServe[0] = "serve";
        System.arraycopy(args, 0, withServe, 1, args.length);
        return withServe;
    }
}
