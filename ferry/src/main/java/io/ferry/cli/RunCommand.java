package io.ferry.cli;

import io.ferry.cli.gateway.GatewayClient;
import io.ferry.cli.gateway.PushResult;
import io.ferry.cli.gateway.StopSignal;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.model.MetricFamily;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ferry run}: runs a cron or batch command, then pushes how it went. The command's exit code
 * is {@code ferry run}'s, whatever happens to the push.
 *
 * <p>A successful run is PUT, so the group becomes exactly this run's metrics; a failed one is
 * POSTed without the last-success family, so the earlier success time stays (POST replaces only the
 * families it names). The textfile's families travel in the same request as the run's, so neither
 * set can wipe the other.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        exitCodeOnInvalidInput = RunCommand.OWN_FAILURE,
        description = {
                "Run a cron or batch command, then push its duration, exit code, completion time and (on success) "
                        + "success time to a Pushgateway or Ferry, with any metrics it wrote to --textfile.",
                "The command's stdin, stdout and stderr are its own. ferry run exits with the command's exit code "
                        + "(128+N if signal N killed it, 127 if it was not found, 126 if it could not be executed); "
                        + "a failed push is reported on stderr and never changes the exit code. "
                        + "A bad ferry run command line exits 125 without running anything.",
                "Metrics: " + RunMetrics.DURATION + ", " + RunMetrics.EXIT_CODE + ", " + RunMetrics.LAST_COMPLETION
                        + ", " + RunMetrics.LAST_SUCCESS + " (see docs/cron.md)."},
        footer = {"", "Example (a crontab line):",
                "  15 3 * * * ferry run --gateway http://push:9091 --job backup -- /usr/local/bin/backup.sh"})
final class RunCommand implements Callable<Integer> {
    /** ferry run's own failure, as env(1) and timeout(1) report theirs: apart from the command's codes. */
    static final int OWN_FAILURE = 125;
    static final String TEXTFILE_ENV = "FERRY_TEXTFILE";
    private static final String PREFIX = "ferry run: ";

    @Mixin
    GatewayOptions gateway;

    @Option(names = "--textfile", paramLabel = "PATH",
            description = "A file the command writes metrics to (text 0.0.4 or OpenMetrics), pushed with the run's "
                    + "own if written during the run. Its path is passed to the command as $" + TEXTFILE_ENV + ".")
    Path textfile;

    @Option(names = "--delete-after",
            description = "For jobs whose metrics matter only while they run: push " + RunMetrics.START
                    + " when the command starts, and delete the group when it ends, whatever its exit code.")
    boolean deleteAfter;

    @Parameters(arity = "1..*", paramLabel = "COMMAND",
            description = "The command and its arguments, after --.")
    List<String> command;

    @Spec
    CommandSpec spec;

    /** The environment, replaceable by tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (deleteAfter && textfile != null) {
            throw new ParameterException(spec.commandLine(),
                    "--textfile has no effect with --delete-after, which deletes the group when the command ends");
        }
        GatewayOptions.Resolved target = gateway.resolve(environment);
        URI uri = target.gateway().groupUri(target.group());
        StopSignal stopPushes = new StopSignal();
        SignalForwarder forwarder = new SignalForwarder(stopPushes);
        forwarder.install();
        Textfile file = textfile == null ? null : Textfile.before(textfile);
        try (GatewayClient client = target.client(err, PREFIX)) {
            Thread startPush = null;
            StopSignal stopStartPush = new StopSignal();
            if (deleteAfter) {
                // Concurrent with the command, so an unreachable gateway never delays the job.
                byte[] body = render(RunMetrics.started(System.currentTimeMillis() / 1000.0));
                startPush = Thread.ofVirtual().start(() -> report(err, "PUT", uri,
                        client.send("PUT", uri, body, ExpositionFormat.PROMETHEUS_TEXT.contentType(), stopStartPush)));
            }
            Map<String, String> env = textfile == null ? Map.of() : Map.of(TEXTFILE_ENV, textfile.toAbsolutePath().toString());
            ChildCommand.Ended ended = ChildCommand.run(command, env, forwarder);
            if (ended.startFailure() != null) {
                err.println(PREFIX + ended.startFailure());
            }
            err.flush();
            if (deleteAfter) {
                // The DELETE must come after the start push's answer, or a late PUT would recreate the group.
                stopStartPush.stop();
                startPush.join();
                report(err, "DELETE", uri, client.send("DELETE", uri, null, null, stopPushes));
            } else {
                pushEnd(client, uri, ended, file, err, stopPushes);
            }
            return ended.exitCode();
        }
    }

    private void pushEnd(GatewayClient client, URI uri, ChildCommand.Ended ended, Textfile file, PrintWriter err,
                         StopSignal stop) {
        double end = System.currentTimeMillis() / 1000.0;
        List<MetricFamily> own = RunMetrics.ended(ended.exitCode(), ended.durationNanos() / 1e9, end);
        List<MetricFamily> extra = List.of();
        if (file != null) {
            Textfile.Read read = file.read(RunMetrics.RESERVED);
            read.notes().forEach(n -> err.println(PREFIX + n));
            extra = read.families();
        }
        String method = ended.exitCode() == 0 ? "PUT" : "POST";
        List<MetricFamily> all = new ArrayList<>(own);
        all.addAll(extra);
        PushResult result = client.send(method, uri, render(all), ExpositionFormat.PROMETHEUS_TEXT.contentType(), stop);
        if (result instanceof PushResult.Refused r && !extra.isEmpty()) {
            // A textfile family the gateway will not take (a type clash with another group, say)
            // must not cost the run its own metrics: say why, and push those alone.
            err.println(PREFIX + uri + " refused the run's metrics with the textfile's, HTTP " + r.status()
                    + (r.message().isEmpty() ? "" : ": " + r.message()) + "; pushing the run's metrics alone");
            result = client.send(method, uri, render(own), ExpositionFormat.PROMETHEUS_TEXT.contentType(), stop);
        }
        report(err, method, uri, result);
    }

    private static void report(PrintWriter err, String method, URI uri, PushResult result) {
        switch (result) {
            case PushResult.Delivered d -> {
            }
            case PushResult.Refused r -> err.println(PREFIX + "push failed: " + uri + " refused the " + method
                    + " with HTTP " + r.status() + (r.message().isEmpty() ? "" : ": " + r.message()));
            case PushResult.Undelivered u -> err.println(PREFIX + "push failed: " + method + " " + uri
                    + " not delivered: " + u.reason());
        }
        err.flush();
    }

    private static byte[] render(List<MetricFamily> families) {
        return ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(families);
    }
}
