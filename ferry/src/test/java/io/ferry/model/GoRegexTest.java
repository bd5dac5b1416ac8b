package io.ferry.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RE2 syntax read as RE2 reads it, and what RE2 refuses refused, although Java would accept it. */
class GoRegexTest {

    @ParameterizedTest(name = "{0} on \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            // regex              | input        | RE2 (fully anchored) matches
            "f.*                  | foo          | true",
            "o                    | foo          | false",      // anchored: no partial match
            "f|o                  | foo          | false",      // the anchor covers the whole alternation
            "line1.*line2         | 'line1\nline2' | true",    // (?s): . matches a newline
            "(?-s)line1.*line2    | 'line1\nline2' | false",
            "a$                   | 'a\n'        | false",      // $ is the end of text, not before a final newline
            "(?m)a$\\n            | 'a\n'        | true",
            "\\s+                 | ' \t'        | true",
            "\\s                  | '\u000B'     | false",      // RE2's \\s has no vertical tab, Java's does
            "\\v                  | '\u000B'     | true",       // RE2's \\v is the vertical tab itself
            "\\v                  | '\n'         | false",      // Java's \\v is any vertical space
            "[[:alpha:]]+         | abC          | true",
            "[[:^digit:]]         | 5            | false",
            "[[]                  | '['          | true",       // [ inside a class is a literal
            "[a&&b]               | '&'          | true",       // && is no intersection in RE2
            "[^a]                 | '^'          | true",
            "[a^]                 | '^'          | true",
            "[]a]                 | ']'          | true",
            "\\101                | A            | true",       // octal escape
            "\\0                  | '\u0000'     | true",
            "\\x41\\x{42}         | AB           | true",
            "\\pL\\p{Greek}       | aα           | true",
            "\\P{L}               | a            | false",
            "\\p{^L}              | 1            | true",
            "\\Q.*\\E             | '.*'         | true",
            "\\Q.*\\E             | ab           | false",
            "a{,2}                | 'a{,2}'      | true",       // not a repeat in RE2: literal text
            "a{2}                 | aa           | true",
            "a{1,2}               | aaa          | false",
            "a{2,}                | aaaa         | true",
            "x{                   | 'x{'         | true",
            "(?i)straße           | STRASSE      | false",      // simple case folding only
            "(?i)é                | É            | true",       // Unicode case folding
            "(?P<host>[^:]+):\\d+ | db-1:9100    | true",
            "(?<host>[^:]+)       | db-1         | true",
            "(?U)a                | a            | error",
    })
    void readsLikeRe2(String regex, String input, String want) {
        if (want.strip().equals("error")) {
            assertThatThrownBy(() -> GoRegex.compile(regex.strip())).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        assertThat(GoRegex.compile(regex.strip()).matchesWhole(input)).isEqualTo(Boolean.parseBoolean(want.strip()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "(a)\\1           | backreferences are not supported",
            "\\8              | backreferences are not supported",
            "(?P<n>a)(?P=n)   | backreferences are not supported",
            "\\k<n>           | backreferences are not supported",
            "a(?=b)           | lookaround assertions are not supported",
            "a(?!b)           | lookaround assertions are not supported",
            "(?<=a)b          | lookaround assertions are not supported",
            "(?<!a)b          | lookaround assertions are not supported",
            "(?>a)            | atomic groups are not supported",
            "a*+              | possessive quantifiers are not RE2",
            "a++              | invalid nested repetition operator",
            "a**              | invalid nested repetition operator",
            "a{2}{3}          | invalid nested repetition operator",
            "a{1001}          | invalid repeat count",
            "a{3,2}           | invalid repeat count",
            "(?x)a b          | flags are i, m, s",
            "(?d)a            | flags are i, m, s",
            "(?U)a            | ungreedy flag U is not supported",
            "\\h              | invalid escape sequence \\h",
            "\\R              | invalid escape sequence \\R",
            "\\G              | invalid escape sequence \\G",
            "\\Z              | invalid escape sequence \\Z",
            "\\e              | invalid escape sequence \\e",
            "\\u0041          | invalid escape sequence \\u",
            "\\C              | any byte",
            "[\\b]            | invalid escape \\b in a character class",
            "(?P<a-b>x)       | invalid named capture",
            "(a               | missing closing )",
            "a)               | unexpected )",
            "[a               | missing closing ]",
            "*a               | missing argument to repetition operator",
            "a\\              | trailing backslash",
            "[[:foo:]]        | invalid character class range",
            "\\x{110000}      | above U+10FFFF",
    })
    void refusesWhatRe2Refuses(String regex, String reason) {
        assertThatThrownBy(() -> GoRegex.compile(regex.strip()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason.strip())
                .hasMessageContaining("\"" + regex.strip() + "\"");
    }

    @Test
    void namedGroupsAreNumberedWithThePlainOnes() {
        GoRegex re = GoRegex.compile("(a)(?P<mid_1>b)(?:c)(?i:(d))(?<last>e)");
        assertThat(re.groupCount()).isEqualTo(4);
        assertThat(re.groupIndex("mid_1")).isEqualTo(2);
        assertThat(re.groupIndex("last")).isEqualTo(4);
        assertThat(re.groupIndex("none")).isEqualTo(-1);
    }

    @Test
    void keepsTheSourceText() {
        assertThat(GoRegex.compile("(?P<x>.*)").source()).isEqualTo("(?P<x>.*)");
        assertThat(GoRegex.compile("a")).isEqualTo(GoRegex.compile("a"));
    }
}
