package io.ferry.config;

import io.ferry.relabel.RelabelAction;
import io.ferry.relabel.RelabelRule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prometheus' defaults and its Config.Validate rules, with Ferry's file:line: key errors. */
class RelabelConfigReaderTest {

    private static List<RelabelRule> read(String rules) throws ConfigException {
        return RelabelConfigReader.parse("relabel_configs:\n" + rules, "ferry.yml");
    }

    @Test
    void defaultsArePrometheus() throws ConfigException {
        RelabelRule c = read("  - target_label: x\n").get(0);
        assertThat(c.action()).isEqualTo(RelabelAction.REPLACE);
        assertThat(c.separator()).isEqualTo(";");
        assertThat(c.regex().source()).isEqualTo("(.*)");
        assertThat(c.regexSet()).isFalse();
        assertThat(c.replacement().source()).isEqualTo("$1");
        assertThat(c.sourceLabels()).isEmpty();
        assertThat(c.modulus()).isZero();
    }

    @Test
    void readsEveryKey() throws ConfigException {
        RelabelRule c = read("""
                  - source_labels: [__address__, job]
                    separator: "@"
                    regex: "(.+)@(.+)"
                    target_label: __tmp_${2}
                    replacement: ${1}
                    action: Replace
                  - source_labels: [__address__]
                    modulus: 4
                    target_label: __tmp_hash
                    action: HASHMOD
                """).get(0);
        assertThat(c.sourceLabels()).containsExactly("__address__", "job");
        assertThat(c.separator()).isEqualTo("@");
        assertThat(c.regexSet()).isTrue();
        assertThat(c.targetLabel().source()).isEqualTo("__tmp_${2}");
        assertThat(c.replacement().source()).isEqualTo("${1}");
        assertThat(c.action()).isEqualTo(RelabelAction.REPLACE);
        assertThat(read("  - {source_labels: [a], modulus: 4, target_label: h, action: hashmod}\n").get(0).modulus())
                .isEqualTo(4);
    }

    @Test
    void anEmptyListOrNoKeyIsNoRules() throws ConfigException {
        assertThat(read("  []\n")).isEmpty();
        assertThat(RelabelConfigReader.parse("", "ferry.yml")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
            // one rule, as YAML flow mapping on line 3 => the whole message
            "{action: keepp} => ferry.yml:3: relabel_configs[1].action: unknown action \"keepp\" (one of replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase)",
            "{action: ''} => ferry.yml:3: relabel_configs[1].action: unknown action \"\" (one of",
            "{action: drop, bogus: 1} => ferry.yml:3: unknown key \"bogus\" in relabel_configs[1] (allowed: source_labels, separator, regex, modulus, target_label, replacement, action)",
            "{action: replace} => ferry.yml:3: relabel_configs[1].target_label: required for action replace",
            "{action: replace, target_label: ''} => ferry.yml:3: relabel_configs[1].target_label: must not be empty for action replace",
            "{action: hashmod, target_label: h} => ferry.yml:3: relabel_configs[1].modulus: required for action hashmod",
            "{action: hashmod, target_label: h, modulus: 0} => ferry.yml:3: relabel_configs[1].modulus: must not be 0",
            "{action: hashmod, target_label: h, modulus: -1} => ferry.yml:3: relabel_configs[1].modulus: must not be negative",
            "{action: hashmod, modulus: 2} => ferry.yml:3: relabel_configs[1].target_label: required for action hashmod",
            "{action: hashmod, modulus: 2, target_label: 'h$1'} => ferry.yml:3: relabel_configs[1].target_label: \"h$1\" is not a valid label name",
            "{action: lowercase} => ferry.yml:3: relabel_configs[1].target_label: required for action lowercase",
            "{action: uppercase, target_label: '${1}'} => ferry.yml:3: relabel_configs[1].target_label: \"${1}\" is not a valid label name",
            "{action: uppercase, target_label: u, replacement: x} => ferry.yml:3: relabel_configs[1].replacement: cannot be set for action uppercase",
            "{action: keepequal} => ferry.yml:3: relabel_configs[1].target_label: required for action keepequal",
            "{action: dropequal, target_label: t, regex: '(.*)'} => ferry.yml:3: relabel_configs[1].regex: cannot be set for action dropequal, which takes only source_labels and target_label",
            "{action: keepequal, target_label: t, separator: ','} => ferry.yml:3: relabel_configs[1].separator: cannot be set for action keepequal",
            "{action: keepequal, target_label: t, modulus: 3} => ferry.yml:3: relabel_configs[1].modulus: cannot be set for action keepequal",
            "{action: keepequal, target_label: t, replacement: x} => ferry.yml:3: relabel_configs[1].replacement: cannot be set for action keepequal",
            "{action: labeldrop, source_labels: [a]} => ferry.yml:3: relabel_configs[1].source_labels: cannot be set for action labeldrop, which takes only regex",
            "{action: labelkeep, source_labels: []} => ferry.yml:3: relabel_configs[1].source_labels: cannot be set for action labelkeep",
            "{action: labelkeep, target_label: a} => ferry.yml:3: relabel_configs[1].target_label: cannot be set for action labelkeep",
            "{action: labeldrop, replacement: x} => ferry.yml:3: relabel_configs[1].replacement: cannot be set for action labeldrop",
            "{action: labeldrop, separator: x} => ferry.yml:3: relabel_configs[1].separator: cannot be set for action labeldrop",
            "{action: labelmap, replacement: 'a-$1'} => ferry.yml:3: relabel_configs[1].replacement: \"a-$1\" is not a valid label name",
            "{action: labelmap, replacement: '$$'} => ferry.yml:3: relabel_configs[1].replacement: \"$$\" is not a valid label name",
            "{target_label: 1abc} => ferry.yml:3: relabel_configs[1].target_label: \"1abc\" is not a valid label name",
            "{target_label: 'a-${1}'} => ferry.yml:3: relabel_configs[1].target_label: \"a-${1}\" is not a valid label name",
            "{target_label: t, source_labels: [ok, 'a-b']} => ferry.yml:3: relabel_configs[1].source_labels: \"a-b\" (item 1) is not a valid label name",
            "{target_label: t, source_labels: a} => ferry.yml:3: relabel_configs[1].source_labels must be a sequence of strings",
            "{target_label: t, regex: '(a)\\1'} => ferry.yml:3: relabel_configs[1].regex: invalid regex \"(a)\\1\": backreferences are not supported (RE2)",
            "{target_label: t, regex: 'a(?=b)'} => ferry.yml:3: relabel_configs[1].regex: invalid regex \"a(?=b)\": lookaround assertions are not supported",
            "{target_label: t, regex: '(a'} => ferry.yml:3: relabel_configs[1].regex: invalid regex \"(a\": missing closing )",
            "{target_label: t, modulus: 1e3} => ferry.yml:3: relabel_configs[1].modulus must be an integer",
    })
    void refusesWhatPrometheusRefuses(String rule, String message) {
        assertThatThrownBy(() -> read("  - {target_label: ok}\n  - " + rule + "\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "{target_label: '${1}'}",
            "{target_label: 'x_$1_${name}'}",
            "{target_label: '$1x'}",
            "{action: labelmap, replacement: 'x_${1}'}",
            "{action: labelmap}",
            "{action: lowercase, target_label: l}",
            "{action: keepequal, target_label: l, source_labels: [a]}",
            "{action: labeldrop, regex: 'tmp_.*'}",
            "{action: LabelKeep}",
            "{action: drop, regex: ''}",
            "{action: keep, source_labels: [__name__], regex: '(?P<all>.*)'}",
    })
    void acceptsWhatPrometheusAccepts(String rule) throws ConfigException {
        assertThat(read("  - " + rule + "\n")).hasSize(1);
    }

    @Test
    void aKeyErrorPointsAtItsOwnLine() {
        assertThatThrownBy(() -> read("""
                  - source_labels: [a]
                    target_label: b
                  - source_labels: [a]
                    regex: "(?<=x)y"
                    target_label: b
                """)).hasMessageStartingWith("ferry.yml:5: relabel_configs[1].regex: invalid regex");
    }
}
