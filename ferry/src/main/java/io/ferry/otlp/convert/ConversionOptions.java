package io.ferry.otlp.convert;

import java.util.List;

/**
 * How {@link OtlpConverter} maps OTLP onto Prometheus' model. Immutable.
 *
 * <pre>{@code
 * ConversionOptions o = ConversionOptions.DEFAULTS
 *         .withPromoteResourceAttributes(List.of("k8s.namespace.name", "deployment.environment.name"));
 * OtlpConverter converter = new OtlpConverter(o);
 * }</pre>
 *
 * @param strategy                          how names are translated; only {@linkplain
 *                                          TranslationStrategy#supported() supported} strategies are accepted
 * @param scopeLabels                       add {@code otel_scope_name}, {@code otel_scope_version} and
 *                                          {@code otel_scope_<attribute>} labels to every series
 * @param promoteResourceAttributes         resource attributes copied as labels onto every series of the resource
 * @param keepIdentifyingResourceAttributes keep {@code service.name}, {@code service.namespace} and
 *                                          {@code service.instance.id} on {@code target_info}
 * @param targetInfo                        emit {@code target_info} with the resource's other attributes
 * @param deltas                            accumulate or reject delta temporality
 */
public record ConversionOptions(TranslationStrategy strategy, boolean scopeLabels,
                                List<String> promoteResourceAttributes, boolean keepIdentifyingResourceAttributes,
                                boolean targetInfo, DeltaPolicy deltas) {

    /**
     * Prometheus 3.14's ingest defaults (underscore escaping with suffixes, identifying attributes
     * left off {@code target_info}, {@code target_info} on, nothing promoted) except two, chosen
     * for an exposition endpoint as the collector's {@code prometheusexporter} does: scope labels
     * on, and deltas accumulated rather than rejected.
     */
    public static final ConversionOptions DEFAULTS = new ConversionOptions(
            TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, true, List.of(), false, true,
            DeltaPolicy.ACCUMULATE);

    /**
     * @throws IllegalArgumentException when the strategy keeps UTF-8 names, which Ferry's model and
     *                                  exposition formats cannot carry
     */
    public ConversionOptions {
        if (strategy == null || deltas == null) {
            throw new NullPointerException("strategy and deltas are required");
        }
        if (!strategy.supported()) {
            throw new IllegalArgumentException("translation strategy " + strategy
                    + " keeps UTF-8 names, which Ferry's metric model and exposition formats do not carry;"
                    + " use UNDERSCORE_ESCAPING_WITH_SUFFIXES or UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES");
        }
        promoteResourceAttributes = List.copyOf(promoteResourceAttributes);
    }

    public ConversionOptions withStrategy(TranslationStrategy s) {
        return new ConversionOptions(s, scopeLabels, promoteResourceAttributes, keepIdentifyingResourceAttributes,
                targetInfo, deltas);
    }

    public ConversionOptions withScopeLabels(boolean on) {
        return new ConversionOptions(strategy, on, promoteResourceAttributes, keepIdentifyingResourceAttributes,
                targetInfo, deltas);
    }

    public ConversionOptions withPromoteResourceAttributes(List<String> attributes) {
        return new ConversionOptions(strategy, scopeLabels, attributes, keepIdentifyingResourceAttributes,
                targetInfo, deltas);
    }

    public ConversionOptions withKeepIdentifyingResourceAttributes(boolean keep) {
        return new ConversionOptions(strategy, scopeLabels, promoteResourceAttributes, keep, targetInfo, deltas);
    }

    public ConversionOptions withTargetInfo(boolean on) {
        return new ConversionOptions(strategy, scopeLabels, promoteResourceAttributes,
                keepIdentifyingResourceAttributes, on, deltas);
    }

    public ConversionOptions withDeltas(DeltaPolicy policy) {
        return new ConversionOptions(strategy, scopeLabels, promoteResourceAttributes,
                keepIdentifyingResourceAttributes, targetInfo, policy);
    }
}
