package io.ferry.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process with stdout and stderr captured. */
abstract class CapturedCli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
