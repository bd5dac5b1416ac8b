/**
 * Relabeling with Prometheus' semantics: {@link io.ferry.relabel.Relabeler} applies the
 * rules that {@code config.RelabelConfigReader} reads ({@code relabel_configs},
 * {@code metric_relabel_configs}) to a label set. Regexes are RE2, matched in linear time by
 * {@link io.ferry.model.GoRegex}; templates follow Go ({@link io.ferry.model.GoTemplate}).
 * See {@code docs/scrape.md}.
 */
package io.ferry.relabel;
