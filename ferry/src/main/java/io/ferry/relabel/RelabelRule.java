package io.ferry.relabel;

import io.ferry.model.GoRegex;
import io.ferry.model.GoTemplate;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a {@code relabel_configs} (or {@code metric_relabel_configs}) list, with
 * Prometheus' keys and defaults. Read by {@code config.RelabelConfigReader}, which validates it as
 * Prometheus does; applied by {@code io.ferry.relabel.Relabeler}.
 *
 * @param sourceLabels {@code source_labels}: label names whose values are joined, in order (absent labels count as "")
 * @param separator    {@code separator}, default {@code ;}
 * @param regex        {@code regex}, default {@code (.*)}, always matched against the whole string
 * @param regexSet     whether {@code regex} was written (Prometheus then treats it as not the default)
 * @param modulus      {@code modulus}, an unsigned 64-bit number; 0 when absent (required by hashmod)
 * @param targetLabel  {@code target_label}, "" when absent; a template for replace
 * @param replacement  {@code replacement}, default {@code $1}
 * @param action       {@code action}, default replace
 */
public record RelabelRule(List<String> sourceLabels, String separator, GoRegex regex, boolean regexSet,
                            long modulus, GoTemplate targetLabel, GoTemplate replacement, RelabelAction action) {
    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";

    public RelabelRule {
        sourceLabels = List.copyOf(sourceLabels);
        Objects.requireNonNull(separator);
        Objects.requireNonNull(regex);
        Objects.requireNonNull(targetLabel);
        Objects.requireNonNull(replacement);
        Objects.requireNonNull(action);
    }
}
