package io.ferry.cli;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.log.ErrorText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ferry check metrics FILE|-}: parses an exposition with the parser the server uses and
 * prints each problem as {@code FILE:LINE: reason} to stderr, like {@code promtool check metrics}.
 * Prints nothing and exits 0 when the input is valid.
 */
@Command(name = "metrics",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Check a metrics exposition for format problems. "
                + "Prints FILE:LINE: reason to stderr for each and exits 1 if there is any.")
final class CheckMetricsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The exposition to check, or - for standard input.")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Converters.ExpositionFormatConverter.class,
            description = "text, openmetrics or protobuf (default: openmetrics when the input ends with a "
                    + "'# EOF' line, else text).")
    ExpositionFormat format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        boolean stdin = "-".equals(file);
        String name = stdin ? "<stdin>" : file;
        byte[] body;
        // The whole input is needed anyway to find a trailing # EOF; bounded like a pushed body.
        try (InputStream in = stdin ? System.in : Files.newInputStream(Path.of(file))) {
            body = ExpositionInput.read(in);
        } catch (IOException e) {
            err.println(name + ": cannot read: " + ErrorText.reason(e));
            return 1;
        }
        if (body.length > ExpositionInput.MAX_BYTES) {
            err.println(ExpositionInput.tooLarge(name));
            return 1;
        }
        ExpositionFormat f = format != null ? format : ExpositionInput.detect(body);
        return ExpositionInput.parse(body, f, name, err::println) == null ? 1 : 0;
    }
}
