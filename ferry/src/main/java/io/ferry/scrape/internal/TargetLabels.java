package io.ferry.scrape.internal;

import io.ferry.model.Labels;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins a target's labels to the labels of each of its series, as Prometheus'
 * {@code mutateSampleLabels} does. With {@code honor_labels: false} a label the series already has
 * is kept as {@code exported_<name>} ({@code exported_exported_<name>} if that is taken) and the
 * target's value wins; with {@code honor_labels: true} the series' value wins and the target's fills
 * only labels the series lacks or has empty. Labels with an empty value are left out.
 *
 * <pre>{@code
 * TargetLabels target = new TargetLabels(Labels.of("job", "node", "instance", "10.0.0.1:9100"), false);
 * Labels series = target.join(Labels.of("__name__", "m", "job", "batch"));
 * // {__name__="m",exported_job="batch",instance="10.0.0.1:9100",job="node"}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetLabels {
    private final Labels target;
    private final boolean honorLabels;

    public TargetLabels(Labels target, boolean honorLabels) {
        this.target = target;
        this.honorLabels = honorLabels;
    }

    /** The target's own labels. */
    public Labels labels() {
        return target;
    }

    /** {@code series}' labels with the target's joined to them. */
    public Labels join(Labels series) {
        return withoutEmpty(honorLabels ? series.withDefaults(target) : overrideAndExport(series));
    }

    private Labels overrideAndExport(Labels series) {
        Labels out = series;
        List<String> conflicts = null;
        for (int i = 0; i < target.size(); i++) {
            String n = target.name(i);
            String exposed = series.get(n);
            if (exposed != null && !exposed.isEmpty()) {
                (conflicts == null ? conflicts = new ArrayList<>() : conflicts).add(n);
            }
            out = out.with(n, target.value(i));
        }
        if (conflicts != null) {
            conflicts.sort((a, b) -> Integer.compare(a.length(), b.length()));
            for (String n : conflicts) {
                String renamed = "exported_" + n;
                while (series.get(renamed) != null || target.get(renamed) != null || out.get(renamed) != null) {
                    renamed = "exported_" + renamed;
                }
                out = out.with(renamed, series.get(n));
            }
        }
        return out;
    }

    private static Labels withoutEmpty(Labels l) {
        for (int i = 0; i < l.size(); i++) {
            if (l.value(i).isEmpty()) {
                Labels.Builder b = Labels.builder();
                for (int j = 0; j < l.size(); j++) {
                    if (!l.value(j).isEmpty()) {
                        b.add(l.name(j), l.value(j));
                    }
                }
                return b.build();
            }
        }
        return l;
    }
}
