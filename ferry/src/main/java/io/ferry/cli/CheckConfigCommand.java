package io.ferry.cli;

import io.ferry.config.ConfigException;
import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigWarnings;
import io.ferry.config.FerryConfig;
import io.ferry.config.StatsdMappingFile;
import io.ferry.server.auth.WebSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ferry check config [FILE] [--web.config.file WEB]}: loads the config file and the web
 * config file it (or the flag) names as {@code serve} would, with the same messages; prints nothing
 * when both are valid and nothing looks amiss. Every problem is printed (exit 1); warnings, such as
 * a file_sd pattern that matches no file, are printed as {@code promtool} prints them and leave the
 * exit status 0.
 */
@Command(name = "config",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Check a config file (YAML syntax, known keys, types and values) and the web config file "
                + "it names or --web.config.file gives (TLS, basic-auth users, headers, rate limit), as serve "
                + "reads them, with the StatsD mapping file it names; or a StatsD mapping file given directly "
                + "(statsd_exporter's, told apart by its top-level keys defaults and mappings). Prints each problem to stderr and exits 1; prints warnings (FILE: warning: ...) "
                + "and exits 0 when the files are valid but look amiss.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The config file to check.")
    Path file;

    @Option(names = "--web.config.file", paramLabel = "FILE",
            description = "The web config file to check, as serve's flag of that name gives it (it wins over "
                    + "the config file's web.config_file).")
    Path webConfigFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (file == null && webConfigFile == null) {
            spec.commandLine().getErr().println("nothing to check: give a config file, --web.config.file, or both");
            return 2;
        }
        if (file != null && webConfigFile == null && isMappingFile(file)) {
            // statsd_exporter's mapping file, given directly.
            Optional<String> problem = StatsdMappingFile.check(file);
            problem.ifPresent(p -> spec.commandLine().getErr().println(p));
            return problem.isPresent() ? 1 : 0;
        }
        try {
            FerryConfig config = file == null ? FerryConfig.DEFAULTS : ConfigLoader.load(file);
            if (webConfigFile != null) {
                config = config.withAuth(config.auth().withWebConfigFile(webConfigFile));
            }
            WebSecurity.load(config.auth());
            if (file != null) {
                ConfigWarnings.checkStartFiles(config, file.toAbsolutePath().getParent(), file.toString());
                for (String w : ConfigWarnings.of(config, file.toAbsolutePath().getParent())) {
                    spec.commandLine().getErr().println(file + ": warning: " + w);
                }
            }
            return 0;
        } catch (ConfigException | IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }

    /** Whether {@code file} reads as a StatsD mapping file (its top-level keys are defaults and mappings). */
    private static boolean isMappingFile(Path file) {
        try {
            return StatsdMappingFile.isMappingFile(Files.readString(file), file.toString());
        } catch (IOException e) {
            return false; // the config path reports it
        }
    }
}
