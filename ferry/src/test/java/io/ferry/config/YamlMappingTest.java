package io.ferry.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed getters later sections will use. */
class YamlMappingTest {

    private static YamlMapping map(String yaml) throws ConfigException {
        return YamlMapping.root("t.yml", ConfigLoader.compose(yaml, "t.yml").orElseThrow());
    }

    @Test
    void integers() throws Exception {
        YamlMapping m = map("a: 42\nb: 0x1f\nc: -7\nd: ten\n");
        assertThat(m.integer("a")).contains(42L);
        assertThat(m.integer("b")).contains(31L);
        assertThat(m.integer("c")).contains(-7L);
        assertThat(m.integer("missing")).isEmpty();
        assertThatThrownBy(() -> m.integer("d")).hasMessage("t.yml:4: d must be an integer, got \"ten\"");
    }

    @Test
    void booleans() throws Exception {
        YamlMapping m = map("a: true\nb: false\nc: yes\n");
        assertThat(m.bool("a")).contains(true);
        assertThat(m.bool("b")).contains(false);
        assertThatThrownBy(() -> m.bool("c")).hasMessage("t.yml:3: c must be true or false, got \"yes\"");
    }

    @Test
    void nullValueCountsAsAbsent() throws Exception {
        YamlMapping m = map("a:\nb: ~\n");
        assertThat(m.has("a")).isFalse();
        assertThat(m.string("b")).isEmpty();
    }

    @Test
    void nestedPathsInMessages() {
        assertThatThrownBy(() -> map("outer:\n  inner:\n    x: 1\n").section("outer", null,
                (o, d) -> o.section("inner", null, (i, d2) -> {
                    i.allowOnly("y");
                    return null;
                })))
                .hasMessage("t.yml:3: unknown key \"x\" in outer.inner (allowed: y)");
    }
}
