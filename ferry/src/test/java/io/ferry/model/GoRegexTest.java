package io.ferry.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** RE2 syntax read as RE2 reads it, and what RE2 refuses refused, although Java would accept it. */
class GoRegexTest {

    @ParameterizedTest(name = "{0} on \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            // regex              | input        | RE2 (fully anchored) matches
            "f.*                  | foo          | true",
            "o                    | foo          | false",      // anchored: no partial match
            "'f|o'                | foo          | false",      // the anchor covers the whole alternation
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

    /**
     * Patterns that make a backtracking engine take exponential time: java.util.regex took over
     * 20 s on the first with a 28-character value. A hang guard, not a timing test: RE2 answers
     * each in microseconds, the bound is generous.
     */
    @Test
    void pathologicalPatternsMatchInLinearTime() {
        String value = "a".repeat(27) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (String re : new String[] {"((a+)+)+c", "(a*)*c", "(a|aa)+c", "(a|a?)+c", "(.*a){20}c", "(\\w+\\s?)*c"}) {
                assertThat(GoRegex.compile(re).matchesWhole(value)).as(re).isFalse();
                assertThat(GoRegex.compile(re).matcher().matchesWhole(value.repeat(100))).as(re).isFalse();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "(?:(?:a{1000}){1000}){1000}  | invalid repeat count",      // would fill any heap if compiled
            "(?:a{1000}){2}               | invalid repeat count",      // Go: nested counts multiply to at most 1000
            "(?:(?:a{10}){10}){11}        | invalid repeat count",
    })
    void goSizeLimitsHold(String regex, String reason) {
        assertThatThrownBy(() -> GoRegex.compile(regex.strip()))
                .isInstanceOf(RegexSyntaxException.class)
                .hasMessageContaining(reason.strip());
    }

    @Test
    void aProgramOverTheSizeLimitIsRefused() {
        assertThat(GoRegex.compile("(?:a{1000})".repeat(99)).matchesWhole("a".repeat(99_000))).isTrue();
        assertThatThrownBy(() -> GoRegex.compile("(?:a{1000})".repeat(101)))
                .isInstanceOf(RegexSyntaxException.class)
                .hasMessageContaining("expression too large");
    }

    @Test
    void withinGoLimitsIsAccepted() {
        assertThat(GoRegex.compile("(?:a{500}){2}").matchesWhole("a".repeat(1000))).isTrue();
        assertThat(GoRegex.compile("(?:(?:a{10}){10}){10}b*").matchesWhole("a".repeat(1000))).isTrue();
        assertThat(GoRegex.compile("(".repeat(1000) + "a" + ")".repeat(1000)).groupCount()).isEqualTo(1000);
        assertThatThrownBy(() -> GoRegex.compile("(".repeat(1001) + "a" + ")".repeat(1001)))
                .hasMessageContaining("nests too deeply");
    }

    @Test
    void groupsNestedAsDeeplyAsGoAllowsAreLeftToRe2jAndNeedNoLargeStack() throws InterruptedException {
        String deep = "(".repeat(1000) + "a" + ")".repeat(1000);
        java.util.concurrent.atomic.AtomicReference<Object> fastPath = new java.util.concurrent.atomic.AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                fastPath.set(io.ferry.model.internal.AtomRegex.of(deep) == null ? "declined" : "taken");
            } catch (Throwable e) {
                fastPath.set(e);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join(10_000);
        assertThat(fastPath.get()).isEqualTo("declined");
    }

    @Test
    void aRepeatedGroupNameIsAllowedAsInGo() {
        GoRegex re = GoRegex.compile("(?P<x>a)|(?P<x>b)");
        assertThat(re.groupCount()).isEqualTo(2);
        assertThat(re.groupIndexes("x")).containsExactly(1, 2);
        GoMatcher m = re.matcher();
        assertThat(m.matchesWhole("b")).isTrue();
        assertThat(GoTemplate.parse("[$x]").expand(new StringBuilder(), m).toString()).isEqualTo("[b]");
    }

    /** The allocation-free path for regexes of single-character atoms answers exactly as RE2/J does. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '`', value = {
            // regex                 | fast path | inputs, separated by ~ (<empty> for "", \n for a newline)
            "go_.*                   | true  | go_gc~go_~go~xgo_a~go_\\n",
            "(.*):\\d+             | true  | h:9100~h:~:1~h:91a~a:b:1",
            "api;[0-9]+              | true  | api;1~api;~api;12x",
            "up|scrape_.+|           | true  | up~scrape_~scrape_x~<empty>~u",
            "[^:]+(?::[0-9]{2,4})?   | true  | h~h:12~h:12345~h:1~:12",
            "a{2,3}b?c*?             | true  | a~aa~aaa~aaaa~aab~aabccc~aaabc",
            "(?:(?:a{00}){10}){05}   | true  | <empty>~a{00}{10}{05}",      // a leading zero: literal braces, as in Go
            "[a-c\\d\\-]x{0}     | true  | a~5~-~d~<empty>",
            "[^\\D]\\S\\W      | true  | 1x-~xx-~1é.~1 .",
            "\\Q.*\\E+           | false | .*~.**~.~ab",
            "é[]a]{3}.               | true  | é]]]x~é]a]😀~é]a]~e]]]x",
            "a{,2}                   | true  | a{,2}~aa",
            "(?i)a                   | false | a~A",
            "^a$                     | false | a",
            "(a|b)c                  | true  | ac~bc~c~abc",
            "(go|process)_.+         | true  | go_x~process_y~go_~proc_x",
            "http_(?:ab|a)?(?:bc|c)  | true  | http_abc~http_ac~http_c~http_bc~http_abbc~http_",
            "(ab)*c|d+               | true  | c~abc~ababc~abac~ddd~<empty>",
            "(?:a|bc){2,3}x?         | true  | aa~abc~bcbcbc~bcbcbcbc~aax~a",
            "a{2,}b{0,2}c{1}         | true  | aac~aaaabbc~ac~aabbbc",
            "(a{2})(b+)(c)           | true  | aabc~aabbbc~abc",
            "()x()                   | true  | x~<empty>",
            "\\pL+                 | false | aé~1",
            "(.*)                    | true  | <empty>~abc~😀x",
            "__meta_label_(.+)       | true  | __meta_label_app~__meta_label_~x",
            "(.+)-container          | true  | web-container~-container~😀-container",
            "((a)[b-d])(.*)(?P<z>x)  | true  | abx~acyyx~ab",
            "(a*)(b*)                | true  | aab~b~<empty>",
            "(.*):(\\d+)           | true  | h:91~a:b:1",
    })
    void theFastPathAgreesWithRe2(String regex, boolean fast, String inputs) {
        GoRegex re = GoRegex.compile(regex);
        assertThat(re.hasFastPath()).as("fast path for %s", regex).isEqualTo(fast);
        com.google.re2j.Pattern re2 = com.google.re2j.Pattern.compile(regex, com.google.re2j.Pattern.DOTALL);
        GoMatcher m = re.matcher();
        for (String input : inputs.split("~", -1)) {
            String in = input.equals("<empty>") ? "" : input.replace("\\n", "\n");
            com.google.re2j.Matcher want = re2.matcher(in);
            assertThat(re.matchesWhole(in)).as("%s on \"%s\"", regex, in).isEqualTo(want.matches());
            assertThat(m.matchesWhole(in)).as("%s on \"%s\"", regex, in).isEqualTo(want.matches());
            for (int g = 0; want.matches() && g <= re.groupCount(); g++) {
                assertThat(new int[] {m.start(g), m.end(g)}).as("%s on \"%s\", group %d", regex, in, g)
                        .containsExactly(want.start(g), want.end(g));
            }
        }
    }
}
