package io.ferry.otlp.convert.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The cases of prometheus/otlptranslator's {@code label_namer_test.go} ({@code labelTestCases}) as
 * data, with the expectation for Prometheus 3.14's defaults (multiple underscores preserved, a
 * leading {@code _} sanitised): the column otlptranslator checks under "Preserving multiple
 * underscores / Sanitizing leading underscore". {@code null} is an error. Two rows differ on
 * purpose, marked "Ferry": a name starting with {@code __}, which Ferry's model reserves, gets the
 * {@code key} prefix instead of passing through.
 */
class LabelNamerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("label:with:colons", "label_with_colons"),
                arguments("LabelWithCapitalLetters", "LabelWithCapitalLetters"),
                arguments("label!with&special$chars)", "label_with_special_chars_"),
                arguments("label_with_foreign_characters_字符", "label_with_foreign_characters___"),
                arguments("label.with.dots", "label_with_dots"),
                arguments(".foo", "key_foo"),
                arguments("123label", "key_123label"),
                arguments("_label_starting_with_underscore", "key_label_starting_with_underscore"),
                // Ferry: otlptranslator keeps "__label_starting_with_2underscores"
                arguments("__label_starting_with_2underscores", "key__label_starting_with_2underscores"),
                arguments("ようこそ", null),
                arguments("label__with__double__underscores", "label__with__double__underscores"),
                arguments("label.name__with&&special##chars", "label_name__with__special__chars"),
                // Ferry: otlptranslator keeps "__reserved__label__name__"
                arguments("__reserved__label__name__", "key__reserved__label__name__"),
                arguments("trailing_underscores___", "trailing_underscores___"),
                arguments("", null),
                arguments("__", null),
                // Ferry's own
                arguments("__name__", "key__name__"),
                arguments("http.method", "http_method"),
                arguments("a\uD83D\uDE00b", "a_b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void buildsLabelNames(String key, String want) {
        assertThat(LabelNamer.name(key)).isEqualTo(want);
    }
}
