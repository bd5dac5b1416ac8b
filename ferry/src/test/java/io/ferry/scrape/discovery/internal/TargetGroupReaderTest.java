package io.ferry.scrape.discovery.internal;

import io.ferry.model.Labels;
import io.ferry.scrape.discovery.TargetGroup;
import io.ferry.scrape.discovery.internal.TargetGroupReader.Format;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGroupReaderTest {

    private static List<TargetGroup> read(Format f, String text) throws SdSyntaxException {
        return TargetGroupReader.read(text.getBytes(StandardCharsets.UTF_8), f, "f", "__meta_filepath", "f");
    }

    private static void refused(Format f, String text, int line, String reason) {
        assertThatThrownBy(() -> read(f, text)).isInstanceOf(SdSyntaxException.class)
                .satisfies(e -> {
                    SdSyntaxException s = (SdSyntaxException) e;
                    assertThat(s.line()).as(s.getMessage()).isEqualTo(line);
                    assertThat(s.reason()).contains(reason);
                });
    }

    @Test
    void jsonAndYamlReadAlike() throws Exception {
        List<TargetGroup> json = read(Format.JSON, "[{\"targets\": [\"a:1\"], \"labels\": {\"x\": \"1\"}}, {\"targets\": []}]");
        List<TargetGroup> yaml = read(Format.YAML, "- targets: [a:1]\n  labels: {x: '1'}\n- targets: []\n");
        assertThat(json).isEqualTo(yaml).containsExactly(
                new TargetGroup("f:0", List.of(Labels.of("__address__", "a:1")), Labels.of("x", "1", "__meta_filepath", "f")),
                new TargetGroup("f:1", List.of(), Labels.of("__meta_filepath", "f")));
    }

    @Test
    void emptyAndNullLists() throws Exception {
        assertThat(read(Format.YAML, "")).isEmpty();
        assertThat(read(Format.YAML, "# nothing\n")).isEmpty();
        assertThat(read(Format.JSON, "null")).isEmpty();
        assertThat(read(Format.JSON, " [ ] ")).isEmpty();
        refused(Format.JSON, "", 1, "the input is empty");
    }

    @Test
    void yamlScalarsAreTakenAsWrittenJsonWantsStrings() throws Exception {
        assertThat(read(Format.YAML, "- targets: [host:80]\n  labels: {port: 80, on: true}\n").getFirst().labels())
                .isEqualTo(Labels.of("port", "80", "on", "true", "__meta_filepath", "f"));
        refused(Format.JSON, "[{\"targets\": [\"a:1\"], \"labels\": {\"port\": 80}}]", 1, "label \"port\" of target group 0 must be a string");
        refused(Format.JSON, "[{\"targets\": [80]}]", 1, "target 0 of target group 0 must be a string");
    }

    @Test
    void refusesWhatPrometheusRefusesNamingTheLine() {
        refused(Format.YAML, "- targets: [a:1]\n  labels:\n    1x: y\n", 3, "\"1x\" in target group 0 is not a valid label name");
        refused(Format.YAML, "- targets: [a:1]\n  lables: {}\n", 2, "unknown field \"lables\" in target group 0");
        refused(Format.JSON, "[\n{\"targets\": [\"a:1\"]},\n{\"targets\": [\"b\"], \"extra\": 1}]", 3, "unknown field \"extra\"");
        refused(Format.YAML, "- targets: [a:1]\n- null\n", 2, "target group 1 must be an object");
        refused(Format.YAML, "targets: [a:1]\n", 1, "expected a list of target groups, got an object");
        refused(Format.YAML, "- targets: [a:1]\n  targets: [b:1]\n", 2, "duplicate key \"targets\"");
        refused(Format.YAML, "- targets: a:1\n", 1, "\"targets\" of target group 0 must be a list");
        refused(Format.YAML, "- targets: ['a:1', '']\n", 1, "target 1 of target group 0 is empty");
        refused(Format.YAML, "- targets: [a:1\n", 2, "invalid YAML");
        refused(Format.JSON, "[{\"targets\": [\"a:1\"]},]", 1, "invalid JSON");
        refused(Format.JSON, "[{\"targets\": [\"a:1\"]}] x", 1, "after the top-level value");
        refused(Format.JSON, "[{'targets': []}]", 1, "expected a quoted field name");
        refused(Format.JSON, "[1e]", 1, "digit must follow the exponent");
        refused(Format.JSON, "[\"a\tb\"]", 1, "control character");
        refused(Format.JSON, "[".repeat(100), 1, "nested deeper than");
        refused(Format.YAML, "- &a [*a]\n", 1, "an alias that refers to itself");
    }

    @Test
    void invalidUtf8IsRefusedWithItsLine() {
        byte[] b = "[\n{\"targets\": [\"a\u00e9\"]}]".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> TargetGroupReader.read(b, Format.JSON, "f", "m", "v"))
                .isInstanceOf(SdSyntaxException.class).hasMessageContaining("line 2: not valid UTF-8");
    }

    @Test
    void jsonEscapesDecodeAsGoDoes() throws Exception {
        TargetGroup g = read(Format.JSON, "[{\"targets\": [\"a\\u00e9\\n\"], \"labels\": {\"l\": \"\\ud800x\\ud83d\\ude00\"}}]").getFirst();
        assertThat(g.targets().getFirst().get("__address__")).isEqualTo("a\u00e9\n");
        assertThat(g.labels().get("l")).isEqualTo("\ufffdx\ud83d\ude00");
    }

    @Test
    void nullTargetsAndLabelsReadAsEmpty() throws Exception {
        assertThat(read(Format.JSON, "[{\"targets\": null, \"labels\": null}]").getFirst())
                .isEqualTo(new TargetGroup("f:0", List.of(), Labels.of("__meta_filepath", "f")));
        assertThat(read(Format.JSON, "[{\"targets\": [\"a:1\"], \"labels\": {\"x\": null}}]").getFirst().labels().get("x")).isEmpty();
    }

    @Test
    void theMetaLabelWinsOverTheFile() throws Exception {
        assertThat(read(Format.JSON, "[{\"targets\": [\"a:1\"], \"labels\": {\"__meta_filepath\": \"spoof\"}}]").getFirst()
                .labels().get("__meta_filepath")).isEqualTo("f");
    }
}
