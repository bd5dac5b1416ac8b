package io.ferry.relabel;

import io.ferry.config.ConfigException;
import io.ferry.config.RelabelConfigReader;
import io.ferry.model.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Table tests of every action, with the cases of Prometheus' documented behaviour
 * (docs/configuration/configuration.md {@code <relabel_config>}, model/relabel's rules).
 */
class RelabelerTest {

    /** Rules as YAML list items, an input, and the output (null: dropped). */
    record Case(String name, String rules, Labels in, Labels out) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Labels DROPPED = null;

    private static Case c(String name, String rules, Labels in, Labels out) {
        return new Case(name, rules, in, out);
    }

    private static Labels l(String... pairs) {
        return Labels.of(pairs);
    }

    static Stream<Case> cases() {
        Labels abc = l("a", "foo", "b", "bar", "c", "baz");
        return Stream.of(
                // replace
                c("replace with a group, twice", "{source_labels: [a], regex: 'f(.*)', target_label: d, replacement: 'ch${1}-ch${1}'}",
                        abc, l("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
                c("replace joins sources with the separator", """
                        {source_labels: [a, b], regex: 'f(.*);(.*)r', target_label: a, replacement: 'b${1}${2}m'}
                          - {source_labels: [c, a], regex: '(b).*b(.*)ba(.*)', target_label: d, replacement: '$1$2$2$3'}""",
                        abc, l("a", "boobam", "b", "bar", "c", "baz", "d", "boooom")),
                c("replace: the regex is anchored", "{source_labels: [a], regex: 'f', target_label: b, replacement: x}",
                        l("a", "boo"), l("a", "boo")),
                c("replace: .*(b).* finds the group", "{source_labels: [a], regex: '.*(b).*', target_label: d}",
                        l("a", "abc"), l("a", "abc", "d", "b")),
                c("replace: an empty result deletes the target", "{source_labels: [a], regex: '(f).*', target_label: '$1', replacement: '$2'}",
                        l("a", "foo", "f", "baz"), l("a", "foo")),
                c("replace: target and value from groups", "{source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${2}'}",
                        l("a", "some-name-value"), l("a", "some-name-value", "name", "value")),
                c("replace: a missing group gives an empty value, which deletes nothing absent", "{source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${3}'}",
                        l("a", "some-name-value"), l("a", "some-name-value")),
                c("replace: an expanded target that is no label name changes nothing", """
                        {source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${3}', replacement: '${1}'}
                          - {source_labels: [a], regex: 'some-([^-]+)(-[^,]+)', target_label: '${3}', replacement: '${1}'}
                          - {source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: 'x${2}', replacement: '${1}'}""",
                        l("a", "some-name-0.1"), l("a", "some-name-0.1")),
                c("replace: tags parsed out of one label", """
                        {source_labels: [__meta_sd_tags], regex: '(?:.+,|^)path:(/[^,]+).*', target_label: __metrics_path__, replacement: '${1}'}
                          - {source_labels: [__meta_sd_tags], regex: '(?:.+,|^)job:([^,]+).*', target_label: job, replacement: '${1}'}
                          - {source_labels: [__meta_sd_tags], regex: '(?:.+,|^)label:([^=]+)=([^,]+).*', target_label: '${1}', replacement: '${2}'}""",
                        l("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar"),
                        l("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar", "__metrics_path__", "/secret",
                                "job", "some-job", "foo", "bar")),
                c("replace: . matches a newline", "{source_labels: [a], regex: 'line1.*line2', target_label: d, replacement: 'match${1}'}",
                        l("a", "line1\nline2"), l("a", "line1\nline2", "d", "match")),
                c("replace: named groups in target and value", "{source_labels: [a], regex: '(line1).*(?<second>line2)', target_label: 'label1_${1}', replacement: 'val_${second}'}",
                        l("a", "line1\nline2"), l("a", "line1\nline2", "label1_line1", "val_line2")),
                c("replace: $1x is group '1x', empty, so the target is deleted", "{source_labels: [a], regex: '(.*)', target_label: b, replacement: '$1x'}",
                        l("a", "v", "b", "old"), l("a", "v")),
                c("replace: ${1}x", "{source_labels: [a], target_label: b, replacement: '${1}x'}",
                        l("a", "v"), l("a", "v", "b", "vx")),
                c("replace: $$ is a dollar", "{source_labels: [a], target_label: b, replacement: '$$1'}",
                        l("a", "v"), l("a", "v", "b", "$1")),
                c("replace with defaults copies a label", "{source_labels: [a], target_label: b}",
                        l("a", "v"), l("a", "v", "b", "v")),
                c("replace with defaults from an absent label deletes the target", "{source_labels: [missing], target_label: b}",
                        l("a", "v", "b", "x"), l("a", "v")),
                c("replace without sources sets a constant", "{target_label: env, replacement: prod}",
                        l("a", "v"), l("a", "v", "env", "prod")),
                c("replace: an empty constant deletes", "{target_label: a, replacement: ''}",
                        l("a", "v", "b", "w"), l("b", "w")),
                c("replace: a written regex that does not match the empty value changes nothing",
                        "{source_labels: [missing], regex: '(.+)', target_label: b, replacement: set}",
                        l("a", "v"), l("a", "v")),
                c("replace: missing sources count as empty strings when joined",
                        "{source_labels: [a, missing, b], target_label: j}",
                        l("a", "1", "b", "2"), l("a", "1", "b", "2", "j", "1;;2")),
                c("replace: the label set by one rule is seen by the next", """
                        {target_label: __tmp_x, replacement: hello}
                          - {source_labels: [__tmp_x], target_label: y}""",
                        l(), l("__tmp_x", "hello", "y", "hello")),
                // keep, drop
                c("drop when the regex matches", """
                        {source_labels: [a], regex: '.*o.*', action: drop}
                          - {source_labels: [a], regex: 'f(.*)', target_label: d, replacement: 'ch$1-ch$1'}""",
                        l("a", "foo"), DROPPED),
                c("drop: no match keeps", "{source_labels: [a], regex: no-match, action: drop}", l("a", "foo"), l("a", "foo")),
                c("drop: f|o is anchored as a whole", "{source_labels: [a], regex: 'f|o', action: drop}", l("a", "foo"), l("a", "foo")),
                c("keep: no match drops", "{source_labels: [a], regex: no-match, action: keep}", l("a", "foo"), DROPPED),
                c("keep: a match keeps", "{source_labels: [a], regex: 'f.*', action: keep}", l("a", "foo"), l("a", "foo")),
                c("keep with the default regex keeps everything", "{source_labels: [a], action: keep}", l("b", "x"), l("b", "x")),
                c("drop on an absent label matches the empty string", "{source_labels: [missing], regex: '', action: drop}",
                        l("a", "foo"), DROPPED),
                // keepequal, dropequal
                c("keepequal keeps when equal", "{source_labels: [__tmp_port], target_label: __port1, action: keepequal}",
                        l("__tmp_port", "1234", "__port1", "1234", "__port2", "5678"), l("__tmp_port", "1234", "__port1", "1234", "__port2", "5678")),
                c("keepequal drops when different", "{source_labels: [__tmp_port], target_label: __port2, action: keepequal}",
                        l("__tmp_port", "1234", "__port1", "1234", "__port2", "5678"), DROPPED),
                c("dropequal drops when equal", "{source_labels: [__tmp_port], target_label: __port1, action: dropequal}",
                        l("__tmp_port", "1234", "__port1", "1234"), DROPPED),
                c("dropequal keeps when different", "{source_labels: [__tmp_port], target_label: __port2, action: dropequal}",
                        l("__tmp_port", "1234", "__port2", "5678"), l("__tmp_port", "1234", "__port2", "5678")),
                c("keepequal: an absent target equals empty sources", "{source_labels: [missing], target_label: none, action: keepequal}",
                        l("a", "x"), l("a", "x")),
                c("keepequal compares the joined value", "{source_labels: [a, b], target_label: ab, action: keepequal}",
                        l("a", "1", "b", "2", "ab", "1;2"), l("a", "1", "b", "2", "ab", "1;2")),
                // hashmod
                c("hashmod: md5's low 8 bytes modulo", "{source_labels: [c], target_label: d, modulus: 1000, action: hashmod}",
                        abc, l("a", "foo", "b", "bar", "c", "baz", "d", "976")),
                c("hashmod of a value with a newline", "{source_labels: [a], target_label: b, modulus: 1000, action: hashmod}",
                        l("a", "foo\nbar"), l("a", "foo\nbar", "b", "734")),
                c("hashmod of UTF-8 and a modulus above 2^32", "{source_labels: [a], target_label: h, modulus: 9223372036854775807, action: hashmod}",
                        l("a", "héllo"), l("a", "héllo", "h", "6438959103371451216")),
                c("hashmod of an absent label hashes the empty string", "{source_labels: [missing], target_label: h, modulus: 7, action: hashmod}",
                        l(), l("h", "1")),
                // labelmap
                c("labelmap copies with the replacement applied to names", "{regex: '(b.*)', replacement: 'bar_${1}', action: labelmap}",
                        l("a", "foo", "b1", "bar", "b2", "baz"), l("a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz")),
                c("labelmap of __meta_ labels", "{regex: '__meta_(my.*)', replacement: '${1}', action: labelmap}",
                        l("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc"),
                        l("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc", "my_bar", "aaa", "my_baz", "bbb")),
                c("labelmap overwrites an existing label", "{regex: '__meta_(.*)', action: labelmap}",
                        l("__meta_a", "new", "a", "old"), l("__meta_a", "new", "a", "new")),
                // labeldrop, labelkeep
                c("labelkeep keeps matching names only", "{regex: '(b.*)', action: labelkeep}",
                        l("a", "foo", "b1", "bar", "b2", "baz"), l("b1", "bar", "b2", "baz")),
                c("labeldrop drops matching names", "{regex: '(b.*)', action: labeldrop}",
                        l("a", "foo", "b1", "bar", "b2", "baz"), l("a", "foo")),
                c("labeldrop then replace then keep (prometheus#12283)", """
                        {regex: '^__meta_kubernetes_pod_container_port_name$', action: labeldrop}
                          - {source_labels: [__meta_kubernetes_pod_annotation_XXX_metrics_port], regex: '(.+)', target_label: __meta_kubernetes_pod_container_port_name, replacement: metrics}
                          - {source_labels: [__meta_kubernetes_pod_container_port_name], regex: '^metrics$', action: keep}""",
                        l("__meta_kubernetes_pod_container_port_name", "foo", "__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091"),
                        l("__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091", "__meta_kubernetes_pod_container_port_name", "metrics")),
                c("labelkeep can remove everything", "{regex: 'nothing', action: labelkeep}", l("a", "1", "b", "2"), l()),
                // lowercase, uppercase
                c("uppercase and lowercase", """
                        {source_labels: [foo], target_label: foo_uppercase, action: uppercase}
                          - {source_labels: [foo], target_label: foo_lowercase, action: lowercase}""",
                        l("foo", "bAr123Foo"), l("foo", "bAr123Foo", "foo_lowercase", "bar123foo", "foo_uppercase", "BAR123FOO")),
                c("case mapping is per code point, as Go's", """
                        {source_labels: [s], target_label: up, action: uppercase}
                          - {source_labels: [s], target_label: low, action: lowercase}""",
                        l("s", "straße İ"), l("s", "straße İ", "up", "STRAßE İ", "low", "straße i")),
                c("lowercase of an empty value deletes the target", "{source_labels: [missing], target_label: a, action: lowercase}",
                        l("a", "x"), l())
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesLikePrometheus(Case t) throws ConfigException {
        Relabeler r = Relabeler.of(RelabelConfigReader.parse("relabel_configs:\n  - " + t.rules() + "\n", "t.yml"));
        assertThat(r.apply(t.in())).isEqualTo(t.out());
        // The same scratch, reused, gives the same answers.
        RelabelScratch scratch = r.newScratch();
        assertThat(r.apply(t.in(), scratch)).isEqualTo(t.out());
        assertThat(r.apply(t.in(), scratch)).isEqualTo(t.out());
    }

    @Test
    void returnsItsInputWhenNothingChanges() throws ConfigException {
        Labels in = l("a", "v", "b", "v");
        Relabeler r = Relabeler.of(RelabelConfigReader.parse("""
                relabel_configs:
                  - {source_labels: [a], target_label: b}
                  - {source_labels: [a], regex: v, action: keep}
                """, "t.yml"));
        assertThat(r.apply(in)).isSameAs(in);
        assertThat(Relabeler.of(List.of()).apply(in)).isSameAs(in);
    }

    /**
     * The cost contract: a pass that changes nothing allocates nothing (the input is returned), so
     * metric relabeling of a steady scrape costs no garbage. Counts bytes, not time.
     */
    @Test
    void aPassThatChangesNothingAllocatesNothing() throws ConfigException {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Labels in = l("__name__", "http_requests_total", "job", "api", "instance", "10.0.0.1:9100", "code", "200");
        Relabeler r = Relabeler.of(RelabelConfigReader.parse("""
                relabel_configs:
                  - {source_labels: [__name__], regex: 'go_.*', action: drop}
                  - {source_labels: [job, code], regex: 'api;[0-9]+', action: keep}
                  - {source_labels: [instance], regex: '(.*):\\d+', target_label: job, replacement: api, action: replace}
                  - {source_labels: [job], target_label: job2, action: dropequal}
                  - {regex: 'tmp_.*', action: labeldrop}
                  - {source_labels: [job], target_label: job, action: lowercase}
                """, "t.yml"));
        RelabelScratch scratch = r.newScratch();
        for (int i = 0; i < 20_000; i++) {
            assertThat(r.apply(in, scratch)).isSameAs(in); // warm up, and load lazily initialised JDK state
        }
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            r.apply(in, scratch);
        }
        long perPass = (threads.getThreadAllocatedBytes(tid) - before) / 10_000;
        assertThat(perPass).as("bytes allocated per pass").isLessThan(8);
    }

    @Test
    void refusesAnotherRelabelersScratch() throws ConfigException {
        Relabeler a = Relabeler.of(List.of());
        Relabeler b = Relabeler.of(List.of());
        assertThatThrownBy(() -> a.apply(Labels.EMPTY, b.newScratch())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handlesManyLabelsAndLongValues() throws ConfigException {
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < 100; i++) {
            b.add("l" + i, "x".repeat(i * 10));
        }
        Labels in = b.build();
        Relabeler r = Relabeler.of(RelabelConfigReader.parse("""
                relabel_configs:
                  - {regex: 'l(\\d+)', replacement: 'm${1}', action: labelmap}
                  - {source_labels: [l99, l98], target_label: h, modulus: 10, action: hashmod}
                  - {regex: 'l.*', action: labeldrop}
                """, "t.yml"));
        Labels out = r.apply(in);
        // m1..m99 and h: l0's empty value is copied as "", which (as in Prometheus) sets nothing.
        assertThat(out.size()).isEqualTo(100);
        assertThat(out.get("m0")).isNull();
        assertThat(out.get("m99")).hasSize(990);
        assertThat(out.get("h")).isNotNull();
        assertThat(out.get("l5")).isNull();
    }
}
