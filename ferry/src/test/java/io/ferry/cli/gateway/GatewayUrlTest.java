package io.ferry.cli.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayUrlTest {
    private static final GroupingPath GROUP = GroupingPath.of("backup", Map.of());

    @Test
    void keepsThePrefixWithoutTrailingSlashes() {
        assertThat(GatewayUrl.parse("http://localhost:9091").groupUri(GROUP))
                .hasToString("http://localhost:9091/metrics/job/backup");
        assertThat(GatewayUrl.parse("HTTPS://push.example.org/pg//").groupUri(GROUP))
                .hasToString("https://push.example.org/pg/metrics/job/backup");
        assertThat(GatewayUrl.parse("https://[::1]:9091/").isHttps()).isTrue();
    }

    @Test
    void refusesWhatIsNotAGatewayBase() {
        assertThatThrownBy(() -> GatewayUrl.parse("localhost:9091")).hasMessageContaining("http:// or https://");
        // Not even a URI (a scheme cannot start with a digit): the same advice.
        assertThatThrownBy(() -> GatewayUrl.parse("127.0.0.1:9091")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> GatewayUrl.parse("ftp://h/")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> GatewayUrl.parse("http://u:secret@h/")).hasMessageContaining("--user")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> GatewayUrl.parse("http://h/?a=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> GatewayUrl.parse("http:///x")).hasMessageContaining("no host");
        assertThatThrownBy(() -> GatewayUrl.parse("http://h /")).hasMessageStartingWith("not a URL");
        // A malformed URL with credentials in it: the message gives the position, never the input.
        assertThatThrownBy(() -> GatewayUrl.parse("http://user:s3cret@gw /x"))
                .hasMessage("not a URL: Illegal character in authority at character 22")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
}
