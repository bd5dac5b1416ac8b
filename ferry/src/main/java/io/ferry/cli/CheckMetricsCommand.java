package io.ferry.cli;

import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
    private static final long MAX_BYTES = ParseLimits.DEFAULT.maxBodyBytes();

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
        try (InputStream in = stdin ? System.in : Files.newInputStream(Path.of(file))) {
            // The whole input is needed anyway to find a trailing # EOF; bounded like a pushed body.
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
        } catch (IOException e) {
            err.println(name + ": cannot read: " + e.getMessage());
            return 1;
        }
        if (body.length > MAX_BYTES) {
            err.println(name + ": larger than the " + (MAX_BYTES >> 20) + " MiB limit");
            return 1;
        }
        ExpositionFormat f = format != null ? format : detect(body);
        try {
            f.parser(ParseLimits.DEFAULT, true).parse(body);
            return 0;
        } catch (ExpositionException e) {
            for (ExpositionException.Problem p : e.problems()) {
                err.println(p.line() > 0 ? name + ":" + p.line() + ": " + p.reason() : name + ": " + p.reason());
            }
            return 1;
        }
    }

    /** OpenMetrics when the last non-blank line is {@code # EOF}, which OpenMetrics requires; text otherwise. */
    static ExpositionFormat detect(byte[] body) {
        int end = body.length;
        while (end > 0 && (body[end - 1] == '\n' || body[end - 1] == '\r' || body[end - 1] == ' ' || body[end - 1] == '\t')) {
            end--;
        }
        byte[] eof = "# EOF".getBytes(StandardCharsets.US_ASCII);
        int start = end - eof.length;
        if (start < 0 || start > 0 && body[start - 1] != '\n') {
            return ExpositionFormat.PROMETHEUS_TEXT;
        }
        for (int i = 0; i < eof.length; i++) {
            if (body[start + i] != eof[i]) {
                return ExpositionFormat.PROMETHEUS_TEXT;
            }
        }
        return ExpositionFormat.OPENMETRICS;
    }
}
