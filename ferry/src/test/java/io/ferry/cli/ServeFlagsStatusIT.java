package io.ferry.cli;

import io.ferry.server.FerryServer;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The status API and page list every flag {@code ferry serve} takes, with the value in effect. */
class ServeFlagsStatusIT {
    @TempDir
    Path dir;

    @Test
    void everyServeFlagIsOnTheStatusApiAndPage() throws Exception {
        CommandLine cl = Cli.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs("serve", "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"), "--web.max-connections=99", "--statsd.listen-udp=",
                "--statsd.listen-tcp=", "--otlp.http-listen-address=", "--otlp.grpc-listen-address=");
        CommandLine serve = parsed.subcommand().commandSpec().commandLine();
        Set<String> flags = new TreeSet<>();
        for (OptionSpec o : serve.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                flags.add(o.longestName().substring(2));
            }
        }
        ServeCommand command = serve.getCommand();
        try (FerryServer ferry = FerryServer.start(command.config())) {
            TestHttp http = TestHttp.local(ferry.port());
            String json = http.get("/api/v1/status").body();
            Matcher flagsObject = Pattern.compile("\"flags\":\\{([^}]*)}").matcher(json);
            assertThat(flagsObject.find()).as(json).isTrue();
            Set<String> listed = new TreeSet<>();
            Matcher key = Pattern.compile("\"([^\"]+)\":\"").matcher(flagsObject.group(1));
            while (key.find()) {
                listed.add(key.group(1));
            }
            assertThat(listed).isEqualTo(flags);
            assertThat(json).contains("\"web.max-connections\":\"99\"",
                    "\"storage.path\":\"" + dir.resolve("data").toAbsolutePath() + "\"");
            String page = http.get("/status").body();
            for (String flag : flags) {
                assertThat(page).contains("<th>--" + flag + "</th>");
            }
        }
    }
}
