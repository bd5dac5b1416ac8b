package io.ferry.compat;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.push.GroupingKey;
import io.ferry.server.FerryServer;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The curl commands in the README's Push section, run with bash as written, against a Ferry whose
 * port replaces {@code localhost:9091}. Each must exit 0, and after each, /metrics must show what
 * it did: a push's group with its samples and a successful push time, a DELETE's group gone.
 */
class ReadmeExamplesIT {
    private static final Path README = Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();
    private static final Pattern PUSH_URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+(/metrics/job[^\\s'\"]*)");
    private static final Pattern ECHO = Pattern.compile("echo '([^']*)'");

    @TempDir
    Path storage;

    @Test
    void pushSectionCommandsWorkAsWritten() throws Exception {
        ExternalTool.require("curl", "curl");
        ExternalTool.require("bash", "bash");
        List<String> commands = commands(Files.readString(README, StandardCharsets.UTF_8));
        assertThat(commands).as("curl commands in README.md's Push section")
                .anyMatch(c -> c.contains("-X DELETE"))
                .anyMatch(c -> !c.contains("-X DELETE"));
        try (FerryServer ferry = Servers.ferry(storage)) {
            for (String written : commands) {
                String command = written.replace("localhost:9091", "127.0.0.1:" + ferry.port());
                ExternalTool.Result r = ExternalTool.run(List.of("bash", "-euo", "pipefail", "-c", command),
                        Duration.ofSeconds(30));
                assertThat(r.exitCode()).as("%s\n%s", command, r.output()).isZero();
                check(command, TestHttp.local(ferry.port()).metrics());
            }
        }
    }

    /** What /metrics must show after {@code command}. */
    private static void check(String command, String metrics) throws Exception {
        Matcher url = PUSH_URL.matcher(command);
        assertThat(url.find()).as("a push URL in %s", command).isTrue();
        Labels key = GroupingKey.parse(URI.create("http://x" + url.group(1)).getPath().substring("/metrics".length()))
                .labels();
        Labels group = key.get("instance") == null ? key.with("instance", "") : key;
        List<MetricFamily> served = ExpositionFormat.PROMETHEUS_TEXT.parser(ParseLimits.DEFAULT)
                .parse(metrics.getBytes(StandardCharsets.UTF_8));
        if (command.contains("-X DELETE")) {
            assertThat(value(served, "push_time_seconds", group)).as("%s leaves no group %s", command, group).isEmpty();
            return;
        }
        assertThat(value(served, "push_time_seconds", group)).as("push time of %s", group)
                .hasValueSatisfying(t -> assertThat(t).isGreaterThan(0));
        assertThat(value(served, "push_failure_time_seconds", group)).as("failure time of %s", group).contains(0.0);
        Matcher echo = ECHO.matcher(command);
        if (echo.find()) {
            for (MetricFamily pushed : ExpositionFormat.PROMETHEUS_TEXT.parser(ParseLimits.DEFAULT)
                    .parse((echo.group(1) + "\n").getBytes(StandardCharsets.UTF_8))) {
                for (Metric m : pushed.metrics()) {
                    Labels labels = m.labels();
                    for (int i = 0; i < group.size(); i++) {
                        labels = labels.with(group.name(i), group.value(i));
                    }
                    assertThat(value(served, pushed.name(), labels)).as("%s%s after %s", pushed.name(), labels, command)
                            .contains(((ValueMetric) m).value());
                }
            }
        }
    }

    private static Optional<Double> value(List<MetricFamily> families, String name, Labels labels) {
        return families.stream().filter(f -> f.name().equals(name))
                .flatMap(f -> f.metrics().stream())
                .filter(m -> m.labels().equals(labels))
                .map(m -> ((ValueMetric) m).value())
                .findFirst();
    }

    /**
     * The commands of the fenced code blocks in the section headed {@code ## Push}, that mention
     * curl: one per line, lines ending in a backslash joined to the next, comments skipped.
     */
    static List<String> commands(String readme) {
        List<String> commands = new ArrayList<>();
        boolean inSection = false;
        boolean inBlock = false;
        StringBuilder pending = new StringBuilder();
        for (String line : readme.split("\n", -1)) {
            if (!inBlock && line.startsWith("## ")) {
                inSection = line.strip().equals("## Push");
                continue;
            }
            if (!inSection) {
                continue;
            }
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock || line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String command = pending.append(line).toString().strip();
            pending.setLength(0);
            if (command.contains("curl")) {
                commands.add(command);
            }
        }
        return commands;
    }
}
