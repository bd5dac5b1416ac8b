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
    void everyUnknownKeyIsNamedAtOnce() throws Exception {
        YamlMapping m = map("a: 1\nb: 2\nc: 3\n");
        assertThatThrownBy(() -> m.allowOnly("b")).hasMessage("t.yml:1: unknown key \"a\" at top level (allowed: b)\n"
                + "t.yml:3: unknown key \"c\" at top level (allowed: b)");
    }

    /** As Go's yaml.v2 reads a bool, which Prometheus and statsd_exporter configurations are written for. */
    @Test
    void booleans() throws Exception {
        YamlMapping m = map("a: true\nb: False\nc: yes\nd: OFF\ne: \"yes\"\nf: yes please\ng: 1\n");
        assertThat(m.bool("a")).contains(true);
        assertThat(m.bool("b")).contains(false);
        assertThat(m.bool("c")).contains(true);
        assertThat(m.bool("d")).contains(false);
        assertThatThrownBy(() -> m.bool("e")).as("quoted, a string").hasMessage("t.yml:5: e must be true or false, got \"yes\"");
        assertThatThrownBy(() -> m.bool("f")).hasMessage("t.yml:6: f must be true or false, got \"yes please\"");
        assertThatThrownBy(() -> m.bool("g")).hasMessage("t.yml:7: g must be true or false, got \"1\"");
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

    @Test
    void sequencesOfMappingsWithItemPathsInMessages() throws Exception {
        YamlMapping m = map("rules:\n  - name: a\n    after: 1h\n  - name: b\n    oops: 2\n");
        assertThatThrownBy(() -> m.mappings("rules", item -> {
            item.allowOnly("name", "after");
            return item.string("name").orElseThrow();
        })).hasMessage("t.yml:5: unknown key \"oops\" in rules[1] (allowed: name, after)");
        assertThat(m.mappings("missing", item -> "x")).isEmpty();
        assertThatThrownBy(() -> map("rules:\n  - just a string\n").mappings("rules", item -> "x"))
                .hasMessage("t.yml:2: rules[0] must be a mapping, got \"just a string\"");
        assertThatThrownBy(() -> map("rules: 3\n").mappings("rules", item -> "x"))
                .hasMessage("t.yml:1: rules must be a sequence, got \"3\"");
    }

    @Test
    void sequencesOfStrings() throws Exception {
        YamlMapping m = map("jobs: [backup, \"backup-*\"]\nbad:\n  - a\n  - {b: c}\n");
        assertThat(m.strings("jobs")).containsExactly("backup", "backup-*");
        assertThat(m.strings("missing")).isEmpty();
        assertThatThrownBy(() -> m.strings("bad")).hasMessage("t.yml:4: bad[1] must be a string, got a mapping");
    }

    @Test
    void mappingsOfStringsKeepFileOrder() throws Exception {
        YamlMapping m = map("match: {job: backup, instance: nas-01}\nbad: {job: [x]}\n");
        assertThat(m.stringMap("match")).containsExactly(
                org.assertj.core.api.Assertions.entry("job", "backup"),
                org.assertj.core.api.Assertions.entry("instance", "nas-01"));
        assertThat(m.stringMap("missing")).isEmpty();
        assertThatThrownBy(() -> m.stringMap("bad")).hasMessage("t.yml:2: bad.job must be a string, got a sequence");
        assertThat(m.lineOf("bad")).isEqualTo(2);
    }
}
