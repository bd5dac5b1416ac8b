package io.ferry.cli;

import io.ferry.cli.gateway.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where credentials come from, and the flag combinations that are usage errors. */
class GatewayOptionsTest {
    @TempDir
    Path dir;

    private static GatewayOptions parse(String... flags) {
        PushCommand push = new PushCommand();
        new CommandLine(push).parseArgs(flags);
        return push.gateway;
    }

    private static GatewayOptions with(String... more) {
        String[] flags = new String[more.length + 4];
        System.arraycopy(new String[]{"--gateway", "http://h:9091", "--job", "j"}, 0, flags, 0, 4);
        System.arraycopy(more, 0, flags, 4, more.length);
        return parse(flags);
    }

    @Test
    void bearerFromFlagFileOrEnvironment() throws Exception {
        assertThat(with("--token", "a").credentials(Map.of("FERRY_TOKEN", "env"))).isEqualTo(new Credentials.Bearer("a"));
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        assertThat(with("--token-file", file.toString()).credentials(Map.of("FERRY_TOKEN", "env")))
                .isEqualTo(new Credentials.Bearer("from-file"));
        assertThat(with().credentials(Map.of("FERRY_TOKEN", "env\n"))).isEqualTo(new Credentials.Bearer("env"));
        assertThat(with().credentials(Map.of())).isEqualTo(Credentials.NONE);
    }

    @Test
    void basicAuthWithThePasswordInlineInAFileOrTheEnvironment() throws Exception {
        assertThat(with("--user", "u:p:q").credentials(Map.of())).isEqualTo(new Credentials.Basic("u", "p:q"));
        Path file = Files.writeString(dir.resolve("pw"), "secret\n");
        assertThat(with("--user", "u", "--password-file", file.toString()).credentials(Map.of()))
                .isEqualTo(new Credentials.Basic("u", "secret"));
        assertThat(with("--user", "u").credentials(Map.of("FERRY_PASSWORD", "envpw"))).isEqualTo(new Credentials.Basic("u", "envpw"));
        // Basic auth wins over a token in the environment: the flag is the more specific choice.
        assertThat(with("--user", "u:p").credentials(Map.of("FERRY_TOKEN", "t"))).isEqualTo(new Credentials.Basic("u", "p"));
    }

    @Test
    void conflictsAndGapsAreUsageErrorsThatNeverShowTheSecret() {
        for (List<String> flags : List.of(List.of("--token", "SECRET", "--token-file", "f"),
                List.of("--token", "SECRET", "--user", "u:p"),
                List.of("--user", "u"),
                List.of("--password-file", "f"),
                List.of("--user", "u:SECRET", "--password-file", "f"),
                List.of("--token-file", "/no/such/file"),
                List.of("--token", "SEC\nRET"))) {
            assertThatThrownBy(() -> with(flags.toArray(String[]::new)).credentials(Map.of()))
                    .as(flags.toString()).isInstanceOf(ParameterException.class).hasMessageNotContaining("SECRET");
        }
    }

    @Test
    void labelsAndInstance() {
        assertThat(with("--instance", "i", "--label", "a=", "--label", "b=x=y").groupingLabels())
                .containsExactly(Map.entry("instance", "i"), Map.entry("a", ""), Map.entry("b", "x=y"));
        assertThatThrownBy(() -> with("--instance", "i", "--label", "instance=j").groupingLabels())
                .hasMessageContaining("instance is given twice (once by --instance)");
        assertThatThrownBy(() -> with("--label", "novalue").groupingLabels()).hasMessageContaining("expected NAME=VALUE");
    }
}
