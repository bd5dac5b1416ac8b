package io.ferry;

import io.ferry.cli.Cli;

/** The {@code ferry} executable: runs the command line and exits with its status. */
public final class Ferry {
    private Ferry() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}
