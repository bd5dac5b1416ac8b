package io.ferry.yaml;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.MappingNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlTextTest {

    @Test
    void composesADocumentWithTheCoreSchema() throws YamlSyntaxException {
        assertThat(YamlText.compose("a: 1\nb: [x, y]\n")).get().isInstanceOf(MappingNode.class);
        assertThat(YamlText.compose("")).isEmpty();
    }

    @Test
    void anUnclosedBracketNamesTheLineWhereItBegan() {
        assertThatThrownBy(() -> YamlText.compose("a: 1\nb: [x, y\nc: 2\n"))
                .isInstanceOfSatisfying(YamlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessage("invalid YAML: expected ',' or ']', but got : (while parsing a flow sequence begun at line 2)");
    }

    @Test
    void anUnclosedQuoteNamesTheLineWhereItBegan() {
        assertThatThrownBy(() -> YamlText.compose("a: \"abc\nb: 1\n"))
                .isInstanceOfSatisfying(YamlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("(while scanning a quoted scalar begun at line 1)");
    }

    @Test
    void aProblemOnTheLineOfItsContextNamesNoOtherLine() {
        assertThatThrownBy(() -> YamlText.compose("a: 1\n\tb: 2\n"))
                .isInstanceOfSatisfying(YamlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("invalid YAML: found character '\\t(TAB)' that cannot start any token")
                .hasMessageNotContaining("begun at");
    }

    @Test
    void aTextOverTheLimitIsRefused() {
        assertThatThrownBy(() -> YamlText.compose("a: " + "x".repeat(100), 50))
                .isInstanceOfSatisfying(YamlSyntaxException.class, e -> assertThat(e.line()).isZero())
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void aTruncatedUnicodeEscapeIsASyntaxError() {
        assertThatThrownBy(() -> YamlText.compose("a: \"\\u12\"\n"))
                .isInstanceOf(YamlSyntaxException.class)
                .hasMessageStartingWith("invalid YAML:");
    }
}
