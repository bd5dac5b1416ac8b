package io.ferry.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class LabelSelectorParserTest {

    private static LabelSelector parse(String s) throws LabelSelectorException {
        return LabelSelector.parse(s);
    }

    private static void fails(String s, String message) {
        assertThatThrownBy(() -> parse(s)).isInstanceOf(LabelSelectorException.class).hasMessage(message);
    }

    @Test
    void readsTheFourOperators() throws Exception {
        LabelSelector s = parse("{job=\"etl\", instance=~\"db-.*\",env!=\"prod\" , zone!~'eu-.*',}");
        assertThat(s.matchers()).containsExactly(LabelMatcher.equal("job", "etl"),
                LabelMatcher.regex("instance", "db-.*"), LabelMatcher.notEqual("env", "prod"),
                LabelMatcher.notRegex("zone", "eu-.*"));
        assertThat(s.test(Labels.of("job", "etl", "instance", "db-1", "zone", "us"))).isTrue();
        assertThat(s.test(Labels.of("job", "etl", "instance", "db-1", "env", "prod"))).isFalse();
        assertThat(s.test(Labels.of("job", "etl", "instance", "xdb-1"))).isFalse();
        assertThat(s.test(Labels.of("job", "etl", "instance", "db-1", "zone", "eu-west"))).isFalse();
        assertThat(parse("\n\t{ job = `a\\b` }\n").matchers()).containsExactly(LabelMatcher.equal("job", "a\\b"));
    }

    @Test
    void regexesAreFullyAnchoredAndAbsentLabelsAreEmpty() throws Exception {
        assertThat(parse("{job=~\"et\"}").test(Labels.of("job", "etl"))).isFalse();
        assertThat(parse("{job=~\"et|etl\"}").test(Labels.of("job", "etl"))).isTrue();
        assertThat(parse("{job=~\".+\"}").test(Labels.of("job", "a\nb"))).isTrue();
        LabelSelector s = parse("{job=\"etl\",instance=\"\"}");
        assertThat(s.test(Labels.of("job", "etl"))).isTrue();
        assertThat(s.test(Labels.of("job", "etl", "instance", "a"))).isFalse();
        assertThat(parse("{job=\"etl\",env!=\"prod\"}").test(Labels.of("job", "etl"))).isTrue();
    }

    @Test
    void goEscapes() throws Exception {
        assertThat(value("{a=\"q\\\"\\\\\\n\\t\\r\\a\\b\\f\\v\"}")).isEqualTo("q\"\\\n\t\r\u0007\b\f\u000b");
        assertThat(value("{a=\"\\x41\\101\\u00e9\\U0001F600\"}")).isEqualTo("AA\u00e9\uD83D\uDE00");
        assertThat(value("{a=\"\\xc3\\xa9\"}")).isEqualTo("\u00e9");
        assertThat(value("{a='it\\'s'}")).isEqualTo("it's");
        assertThat(value("{a=\"\u00e9\uD83D\uDE00\"}")).isEqualTo("\u00e9\uD83D\uDE00");
        fails("{a=\"\\'\"}", "at position 5: unknown escape \\'");
        fails("{a='\\\"'}", "at position 5: unknown escape \\\"");
        fails("{a=\"\\xc3\"}", "at position 4: string is not valid UTF-8 once its escapes are decoded");
        fails("{a=\"\\uD800\"}", "at position 5: escape is not a valid Unicode code point");
        fails("{a=\"\\U00110000\"}", "at position 5: escape is not a valid Unicode code point");
        fails("{a=\"\\x4\"}", "at position 5: escape needs 2 hexadecimal digits");
        fails("{a=\"\\400\"}", "at position 5: octal escape value 256 > 255");
        fails("{a=\"\\19\"}", "at position 5: octal escape needs three digits");
        fails("{a=\"\\q\"}", "at position 5: unknown escape \\q");
        fails("{a=\"x\ny\"}", "at position 6: newline in string");
        fails("{a=\"abc}", "at position 4: unterminated string");
        fails("{a=`abc}", "at position 4: unterminated raw string");
        fails("{a=\"\\", "at position 5: unterminated escape");
    }

    private static String value(String selector) throws LabelSelectorException {
        return parse(selector).matchers().getFirst().value();
    }

    @Test
    void errorsNameThePosition() {
        fails("", "at position 1: expected '{' at the start of the selector (a metric name is not allowed here)");
        fails("up{job=\"a\"}", "at position 1: expected '{' at the start of the selector (a metric name is not allowed here)");
        fails("{job}", "at position 5: expected '=', '!=', '=~' or '!~' after label name \"job\", got '}'");
        fails("{job!\"a\"}", "at position 5: expected '=', '!=', '=~' or '!~' after label name \"job\", got '!'");
        fails("{job==\"a\"}", "at position 6: expected a quoted string after job=, got '='");
        fails("{job=a}", "at position 6: expected a quoted string after job=, got 'a'");
        fails("{job=\"a\" env=\"b\"}", "at position 10: expected ',' or '}', got 'e'");
        fails("{job=\"a\"", "at position 9: missing '}' at the end of the selector");
        fails("{job=\"a\",", "at position 10: missing '}' at the end of the selector");
        fails("{job=\"a\"} x", "at position 11: unexpected 'x' after '}'");
        fails("{0job=\"a\"}", "at position 2: expected a label name, got '0'");
        fails("{,}", "at position 2: expected a label name, got ','");
        fails("{job=~\"a(\"}", "at position 7: invalid regex for label \"job\": missing closing ) at offset 2");
    }

    @Test
    void aSelectorMustNotMatchEverything() {
        String everything = "at position 1: the selector must have at least one matcher that does not match the "
                + "empty string (it would select everything)";
        fails("{}", everything);
        fails("{job=~\".*\"}", everything);
        fails("{job!=\"a\",env=\"\"}", everything);
    }

    @Test
    void limits() {
        fails("{a=\"" + "x".repeat(LabelSelectorParser.MAX_LENGTH) + "\"}",
                "at position 16385: selector longer than 16384 characters");
        fails("{a=~\"" + "(".repeat(65) + "a" + ")".repeat(65) + "\"}",
                "at position 5: regex for label \"a\" nests groups deeper than 64");
    }

    @Test
    void toStringReadsBack() throws Exception {
        for (String s : List.of("{job=\"etl\",instance=~\"db-.*\",env!=\"\",zone!~\"x|y\"}",
                "{a=\"q\\\"\\\\\\n\\u0001\u00e9\"}", "{a=`raw\\x`}")) {
            LabelSelector parsed = parse(s);
            assertThat(parse(parsed.toString())).isEqualTo(parsed);
        }
    }

    @Test
    void globs() {
        assertThat(LabelMatcher.glob("job", "ci-*").matches("ci-42")).isTrue();
        assertThat(LabelMatcher.glob("job", "ci-*").matches("xci-42")).isFalse();
        assertThat(LabelMatcher.glob("job", "ci-?").matches("ci-4")).isTrue();
        assertThat(LabelMatcher.glob("job", "ci-?").matches("ci-42")).isFalse();
        assertThat(LabelMatcher.glob("job", "a.b").matches("axb")).isFalse();
        assertThat(LabelMatcher.glob("job", "(x)[y]").matches("(x)[y]")).isTrue();
        assertThat(LabelMatcher.glob("job", "backup").matches("backup")).isTrue();
        assertThat(LabelMatcher.glob("env", "*").matches(Labels.of("job", "a"))).isTrue();
        assertThat(LabelMatcher.glob("env", "prod").matches(Labels.of("job", "a"))).isFalse();
    }

    /**
     * {@code DELETE /api/v1/groups?match[]={instance=~"((a+)+)+c"}} took over 20 s per 28-character
     * value with a backtracking engine. A hang guard (RE2 answers in microseconds), not a timing test.
     */
    @Test
    void aBacktrackingRegexCannotStallASelector() throws Exception {
        LabelSelector s = parse("{instance=~\"((a+)+)+c\"}");
        Labels group = Labels.of("job", "etl", "instance", "a".repeat(27) + "b");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(s.test(group)).isFalse());
    }

    @Test
    void aRegexOverGoSizeLimitsIsRefusedBeforeCompiling() {
        fails("{a=~\"(?:(?:a{1000}){1000}){1000}\"}", "at position 5: invalid regex for label \"a\": invalid repeat count "
                + "(nested repeats multiply to more than 1000) at offset 20");
    }
}
