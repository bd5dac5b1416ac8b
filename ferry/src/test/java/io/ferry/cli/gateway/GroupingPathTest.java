package io.ferry.cli.gateway;

import io.ferry.model.Labels;
import io.ferry.push.GroupingKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupingPathTest {

    @Test
    void plainValuesAsTheyAre() {
        assertThat(GroupingPath.of("backup", Map.of("instance", "nas-01")).path()).isEqualTo("/job/backup/instance/nas-01");
    }

    @Test
    void slashEmptyAndDotValuesAsBase64() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("path", "/var/tmp");
        labels.put("empty", "");
        labels.put("dot", ".");
        assertThat(GroupingPath.of("a/b", labels).path())
                .isEqualTo("/job@base64/YS9i/path@base64/L3Zhci90bXA/empty@base64/=/dot@base64/Lg");
    }

    @Test
    void otherCharactersPercentEncoded() {
        assertThat(GroupingPath.of("j", Map.of("instance", "10.0.0.1:9100")).path()).isEqualTo("/job/j/instance/10.0.0.1%3A9100");
        assertThat(GroupingPath.of("Προμηθεύς", Map.of()).path()).isEqualTo("/job/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82");
    }

    /** Whatever the values, the server's own parser reads back the same key from the decoded path. */
    @Test
    void theServersParserReadsBackTheSameKey() throws Exception {
        String[] values = {"", "/", "//", ".", "..", "a b", "%2F", "+", "=", "@base64", "x/y/", "ü€😀", "?#", "a=b&c"};
        for (String v : values) {
            GroupingPath p = GroupingPath.of("job" + v, Map.of("v", v));
            String decoded = URI.create("http://h" + p.path()).getPath();
            assertThat(GroupingKey.parse(decoded).labels()).as(v).isEqualTo(Labels.of("job", "job" + v, "v", v));
        }
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> GroupingPath.of("", Map.of())).hasMessage("the job must not be empty");
        assertThatThrownBy(() -> GroupingPath.of("j", Map.of("__x", "1"))).hasMessage("improper label name \"__x\"");
        assertThatThrownBy(() -> GroupingPath.of("j", Map.of("a-b", "1"))).hasMessage("improper label name \"a-b\"");
        assertThatThrownBy(() -> GroupingPath.of("j", Map.of("job", "1"))).hasMessageContaining("--job");
    }
}
