package io.ferry.cli;

import io.ferry.cli.gateway.GatewayClient;
import io.ferry.cli.gateway.PushResult;
import io.ferry.cli.gateway.StopSignal;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.log.ErrorText;
import io.ferry.model.MetricFamily;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ferry push}: checks an exposition file with the server's parsers, then PUTs (or POSTs)
 * it to a group of a Pushgateway or Ferry, retrying while the gateway is unreachable or busy.
 */
@Command(name = "push",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
                "Push a metrics file to a group of a Pushgateway or Ferry, as its client libraries do.",
                "The file (text 0.0.4, OpenMetrics or protobuf) is checked first; problems are printed as "
                        + "FILE:LINE: reason and nothing is sent.",
                "",
                "Exit codes: 0 pushed; 1 invalid file or refused by the gateway (its message is printed); "
                        + "2 bad command line; 3 not delivered: the gateway could not be reached, or answered "
                        + "5xx or 429, until the retries ran out (worth trying again later)."},
        footer = {"", "Example:", "  ferry push --gateway http://localhost:9091 --job backup --instance nas-01 backup.prom"})
final class PushCommand implements Callable<Integer> {
    static final int PUSHED = 0;
    static final int REFUSED = 1;
    static final int UNDELIVERED = 3;

    @Mixin
    GatewayOptions gateway;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The exposition to push, or - for standard input (the default).")
    String file;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "PUT",
            description = "PUT replaces the whole group (default); POST replaces only the families the file names "
                    + "and keeps the group's others; DELETE removes the group (no FILE).")
    String method;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Converters.ExpositionFormatConverter.class,
            description = "text, openmetrics or protobuf (default: openmetrics when the input ends with a "
                    + "'# EOF' line, else text). The file is sent as it is, with this format's Content-Type.")
    ExpositionFormat format;

    @Spec
    CommandSpec spec;

    /** The environment, replaceable by tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String verb = method.toUpperCase(Locale.ROOT);
        if (!List.of("PUT", "POST", "DELETE").contains(verb)) {
            throw new ParameterException(spec.commandLine(), "--method: expected PUT, POST or DELETE, got \"" + method + "\"");
        }
        if (verb.equals("DELETE") && (file != null || format != null)) {
            throw new ParameterException(spec.commandLine(), "--method DELETE takes no FILE and no --format");
        }
        GatewayOptions.Resolved target = gateway.resolve(environment);
        byte[] body = null;
        ExpositionFormat f = null;
        if (!verb.equals("DELETE")) {
            String name = file == null || file.equals("-") ? "<stdin>" : file;
            try (InputStream in = name.equals("<stdin>") ? System.in : Files.newInputStream(Path.of(file))) {
                body = ExpositionInput.read(in);
            } catch (IOException e) {
                err.println(name + ": cannot read: " + ErrorText.reason(e));
                return REFUSED;
            }
            if (body.length > ExpositionInput.MAX_BYTES) {
                err.println(ExpositionInput.tooLarge(name));
                return REFUSED;
            }
            f = format != null ? format : ExpositionInput.detect(body);
            List<MetricFamily> families = pushable(body, f, name, err);
            if (families == null) {
                return REFUSED;
            }
            if (families.isEmpty() && verb.equals("PUT")) {
                // As with the Pushgateway, an empty PUT deletes the group's metrics: say so, since a
                // generator that failed in a pipeline gives just that.
                err.println("ferry push: " + name + " holds no metrics; the PUT replaces the group's metrics with none");
            }
        }
        URI uri = target.gateway().groupUri(target.group());
        try (GatewayClient client = target.client(err, "ferry push: ")) {
            PushResult result = client.send(verb, uri, body, f == null ? null : f.contentType(), new StopSignal());
            return switch (result) {
                case PushResult.Delivered d -> PUSHED;
                case PushResult.Refused r -> {
                    err.println("ferry push: " + uri + " refused the " + verb + " with HTTP " + r.status()
                            + (r.message().isEmpty() ? "" : ": " + r.message()));
                    yield REFUSED;
                }
                case PushResult.Undelivered u -> {
                    err.println("ferry push: not delivered to " + uri + ": " + u.reason());
                    yield UNDELIVERED;
                }
            };
        }
    }

    /** The body's families, or null when it cannot be pushed (said on {@code err}). */
    private static List<MetricFamily> pushable(byte[] body, ExpositionFormat f, String name, PrintWriter err) {
        List<MetricFamily> families = ExpositionInput.parse(body, f, name, err::println);
        if (families == null) {
            return null;
        }
        List<String> timestamped = TimestampCheck.timestampedFamilies(families);
        if (!timestamped.isEmpty()) {
            err.println(name + ": " + TimestampCheck.problem(timestamped));
            return null;
        }
        return families;
    }
}
