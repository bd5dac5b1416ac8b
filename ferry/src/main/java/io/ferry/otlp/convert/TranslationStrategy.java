package io.ferry.otlp.convert;

/**
 * How OTLP metric and attribute names become Prometheus names: Prometheus' and otlptranslator's
 * four strategies. Ferry's model and exposition formats carry only legacy names
 * ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}, see {@code model.MetricNames}), so the two strategies that keep
 * UTF-8 names are refused by {@link ConversionOptions}: they exist here so that a configuration
 * naming them gets a clear refusal rather than an unknown-value error.
 *
 * <pre>{@code
 * TranslationStrategy s = TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES;
 * s.escapes();      // true: invalid characters become '_'
 * s.addsSuffixes(); // true: unit and type suffixes such as _seconds and _total
 * }</pre>
 */
public enum TranslationStrategy {
    /** Prometheus' default: escape invalid characters, add unit and type suffixes. */
    UNDERSCORE_ESCAPING_WITH_SUFFIXES(true, true),
    /** Escape invalid characters, add no suffixes. */
    UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES(true, false),
    /** Keep UTF-8 names, add suffixes. Not supported: Ferry's model has legacy names only. */
    NO_UTF8_ESCAPING_WITH_SUFFIXES(false, true),
    /** Keep names as sent. Not supported: Ferry's model has legacy names only. */
    NO_TRANSLATION(false, false);

    private final boolean escapes;
    private final boolean addsSuffixes;

    TranslationStrategy(boolean escapes, boolean addsSuffixes) {
        this.escapes = escapes;
        this.addsSuffixes = addsSuffixes;
    }

    /** Whether characters outside the legacy name syntax become {@code _}. */
    public boolean escapes() {
        return escapes;
    }

    /** Whether unit ({@code _seconds}) and type ({@code _total}, {@code _ratio}) suffixes are added. */
    public boolean addsSuffixes() {
        return addsSuffixes;
    }

    /** Whether Ferry can serve names made by this strategy: only the escaping ones. */
    public boolean supported() {
        return escapes;
    }
}
