package io.ferry.cli;

import io.ferry.config.ConfigException;
import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigWarnings;
import io.ferry.config.FerryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ferry check config FILE}: loads the config file as {@code serve} would; prints nothing when
 * it is valid and nothing looks amiss. Every problem is printed (exit 1); warnings, such as a
 * file_sd pattern that matches no file, are printed as {@code promtool} prints them and leave the
 * exit status 0.
 */
@Command(name = "config",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Check a config file: YAML syntax, known keys, types and values. "
                + "Prints each problem as FILE:LINE: reason to stderr and exits 1; "
                + "prints warnings (FILE: warning: ...) and exits 0 when the file is valid but looks amiss.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The config file to check.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            FerryConfig config = ConfigLoader.load(file);
            Path dir = file.toAbsolutePath().getParent();
            for (String w : ConfigWarnings.of(config, dir)) {
                spec.commandLine().getErr().println(file + ": warning: " + w);
            }
            return 0;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }
}
