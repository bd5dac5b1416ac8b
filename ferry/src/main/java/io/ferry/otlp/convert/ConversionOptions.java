package io.ferry.otlp.convert;

import java.util.List;

/** Contract stub (otlp-convert replaces it at merge). */
public record ConversionOptions(TranslationStrategy strategy, boolean scopeLabels,
                                List<String> promoteResourceAttributes, boolean keepIdentifyingResourceAttributes,
                                boolean targetInfo, DeltaPolicy deltas) {
    public static final ConversionOptions DEFAULTS = new ConversionOptions(
            TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, true, List.of(), false, true, DeltaPolicy.ACCUMULATE);
}
