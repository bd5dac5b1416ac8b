package io.ferry.tunnel.proxy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientDeclarationTest {

    @Test
    void readsLabelsAndTargets() {
        assertThat(ClientDeclaration.labels("{\"site\": \"a\", \"env\":\"pr\\u006fd\"}"))
                .isEqualTo(Map.of("site", "a", "env", "prod"));
        assertThat(ClientDeclaration.labels(null)).isEmpty();
        assertThat(ClientDeclaration.targets("9100/metrics, 9256/probe,8080,9091/"))
                .containsExactly(new DeclaredTarget(9100, "/metrics"), new DeclaredTarget(9256, "/probe"),
                        new DeclaredTarget(8080, ""), new DeclaredTarget(9091, ""));
    }

    @Test
    void refusalsSayWhatIsWrong() {
        assertThatThrownBy(() -> ClientDeclaration.labels("{\"__meta\":\"x\"}")).hasMessageContaining("not a label name");
        assertThatThrownBy(() -> ClientDeclaration.labels("{\"a\":1}")).hasMessageContaining("expected '\"'");
        assertThatThrownBy(() -> ClientDeclaration.labels("[]")).hasMessageContaining("expected '{'");
        assertThatThrownBy(() -> ClientDeclaration.targets("http://x:1/")).hasMessageContaining("does not start with a port");
        assertThatThrownBy(() -> ClientDeclaration.targets("70000")).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> ClientDeclaration.targets("1,,2")).hasMessageContaining("empty entry");
    }

    @Test
    void fqdnsAreHostNames() {
        assertThat(Fqdn.check(" site-a.example_1.org\n")).isEqualTo("site-a.example_1.org");
        for (String bad : List.of("", "a b", "a..b", "a.", "x/y", "a:1", "é")) {
            assertThatThrownBy(() -> Fqdn.check(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
