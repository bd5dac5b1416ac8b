package io.ferry.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's Regexp.Expand rules, as documented in Go's regexp package, against Java's reading of the same text. */
class GoTemplateTest {

    private static String expand(String regex, String input, String template) {
        GoRegex re = GoRegex.compile(regex);
        GoMatcher m = re.matcher();
        assertThat(m.matchesWhole(input)).as("%s matches %s", regex, input).isTrue();
        return GoTemplate.parse(template).expand(new StringBuilder(), m).toString();
    }

    @ParameterizedTest(name = "{0} on {1} with {2}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '\'', value = {
            // regex             | input      | template        | Go's result
            "(a)(b)              | ab         | $1              | a",
            "(a)(b)              | ab         | ${1}            | a",
            "(a)(b)              | ab         | $2$1            | ba",
            "(a)(b)              | ab         | $1x             | ''",        // group named "1x": absent
            "(a)(b)              | ab         | ${1}x           | ax",
            "(a)(b)              | ab         | $1_             | ''",        // "_" belongs to the name
            "(a)(b)              | ab         | $1-$2           | a-b",
            "(a)(b)              | ab         | $$1             | $1",        // $$ is a literal $
            "(a)(b)              | ab         | $$$1            | $a",
            "(a)(b)              | ab         | $               | $",         // malformed: kept as text
            "(a)(b)              | ab         | x$              | x$",
            "(a)(b)              | ab         | ${              | ${",
            "(a)(b)              | ab         | ${1             | ${1",       // no closing brace
            "(a)(b)              | ab         | ${}             | ${}",
            "(a)(b)              | ab         | $-1             | $-1",
            "(a)(b)              | ab         | ${1-}           | ${1-}",
            "(a)(b)              | ab         | $3              | ''",        // no such group
            "(a)(b)              | ab         | $01             | ''",        // leading zero: a name, not 1
            "(a)(b)              | ab         | $0              | ab",        // group 0 is the whole match
            "(a)(b)              | ab         | $99999999999    | ''",
            "(?P<x>a)(b)         | ab         | $x.$2           | a.b",
            "(?P<x>a)(b)         | ab         | ${x}y           | ay",
            "(?P<x>a)(b)         | ab         | $xy             | ''",
            "(?<x_1>a)(b)        | ab         | ${x_1}          | a",
            "(a)|(b)            | b          | [$1][$2]        | [][b]",     // a group that did not take part
            "(a)(é)              | aé         | $1é             | ''",        // letters are Unicode letters
            "(a)(é)              | aé         | ${2}é           | éé",
            "(?P<n>a)|(?P<n>b)  | b          | $n              | b",         // a repeated name: the group that took part
            "(.*)                | ''         | $1              | ''",
    })
    void followsGoExpand(String regex, String input, String template, String want) {
        assertThat(expand(regex.strip(), input.strip(), template.strip())).isEqualTo(want.strip());
    }

    @ParameterizedTest
    @CsvSource({"$1x", "x$1", "${a}", "$$"})
    void hasDollarIsPrometheusTemplateTest(String t) {
        assertThat(GoTemplate.parse(t).hasDollar()).isTrue();
        assertThat(GoTemplate.parse("plain").hasDollar()).isFalse();
        assertThat(GoTemplate.parse("plain").constant()).isEqualTo("plain");
        assertThat(GoTemplate.parse("a$$b").constant()).isEqualTo("a$b");
        assertThat(GoTemplate.parse("a$1").constant()).isNull();
    }
}
