package io.ferry.otlp.convert;

/** Contract stub (otlp-convert replaces it at merge). */
public enum TranslationStrategy {
    UNDERSCORE_ESCAPING_WITH_SUFFIXES, UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES, NO_UTF8_ESCAPING_WITH_SUFFIXES,
    NO_TRANSLATION
}
