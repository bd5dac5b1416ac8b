package io.ferry.statsd.line;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** statsd_exporter's {@code TestEscapeMetricName} (pkg/mapper/escape_test.go), and a few more. */
class StatsdNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            clean                   | clean
            0starts_with_digit      | _0starts_with_digit
            with_underscore         | with_underscore
            with--doubledash        | with_doubledash
            with---multiple-dashes  | with_multiple_dashes
            with.dot                | with_dot
            with😱emoji             | with_emoji
            with.*.multiple         | with___multiple
            test.web-server.foo.bar | test_web_server_foo_bar
            ''                      | ''
            with:colon              | with_colon
            -leading-dash           | _leading_dash
            -_-                     | ___
            9                       | _9
            é                       | _
            a-.-b                   | a___b
            """)
    void escapeMetricName(String in, String want) {
        assertThat(StatsdNames.escape(in)).isEqualTo(want);
    }

    @Test
    void aValidNameIsReturnedAsItIs() {
        String name = "already_valid_Name9";
        assertThat(StatsdNames.escape(name)).isSameAs(name);
    }
}
