package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change to the stored groups, as the push API asks for it. Every mutation carries absolute
 * values (times included), so applying one twice gives the same state as applying it once: the log
 * can be replayed over a snapshot that already holds part of it.
 */
public sealed interface Mutation {

    /** PUT: the group's families become exactly these; its push time becomes {@code timeSeconds}. */
    record Replace(Labels key, List<MetricFamily> families, double timeSeconds) implements Mutation {
        public Replace {
            families = List.copyOf(families);
        }
    }

    /** POST: families of these names are replaced, others kept; push time becomes {@code timeSeconds}. */
    record Merge(Labels key, List<MetricFamily> families, double timeSeconds) implements Mutation {
        public Merge {
            families = List.copyOf(families);
        }
    }

    /**
     * OTLP's write: a {@link Merge} whose families are merged series by series into the stored
     * ones: in a family of the same name and type, a series of these labels replaces the stored
     * one and the other stored series stay; a family stored with another type, or not stored, is
     * these series alone. Carries only the series written, so that writing part of a large family
     * (a batch of a split export, the series a delta export changed) costs that part, in the log
     * too. Push times as for {@link Merge}.
     */
    record MergeSeries(Labels key, List<MetricFamily> families, double timeSeconds) implements Mutation {
        public MergeSeries {
            families = List.copyOf(families);
        }

        /** The {@link Merge} this is over {@code old}, the group it applies to (null when none). */
        public Merge over(Group old) {
            Map<String, MetricFamily> stored = new LinkedHashMap<>();
            if (old != null) {
                old.families().forEach(f -> stored.put(f.name(), f));
            }
            Map<String, MetricFamily> merged = new LinkedHashMap<>();
            for (MetricFamily f : families) {
                MetricFamily before = merged.containsKey(f.name()) ? merged.get(f.name()) : stored.get(f.name());
                Map<Labels, Metric> series = storedSeries(before, f);
                f.metrics().forEach(m -> series.put(m.labels(), m));
                merged.put(f.name(), f.withMetrics(new ArrayList<>(series.values())));
            }
            return new Merge(key, List.copyOf(merged.values()), timeSeconds);
        }

        /**
         * The series a merge into {@code stored} starts from, by labels in stored order: none when
         * there is no stored family or its type differs from {@code replacing}'s. A new, mutable map.
         */
        public static Map<Labels, Metric> storedSeries(MetricFamily stored, MetricFamily replacing) {
            Map<Labels, Metric> series = new LinkedHashMap<>();
            if (stored != null && stored.type() == replacing.type()) {
                stored.metrics().forEach(m -> series.put(m.labels(), m));
            }
            return series;
        }
    }

    /** A rejected push: the group is created if absent, and its failure time set. */
    record Failure(Labels key, double timeSeconds) implements Mutation {
    }

    /** DELETE: the group with exactly this key goes. */
    record Delete(Labels key) implements Mutation {
    }

    /**
     * The expiry's delete: the group goes only if its last push ({@link #lastPush}) is still
     * {@code lastPushSeconds}, the one it was found stale at; a push since keeps it. The condition is
     * part of the mutation, so every reader of a replicated log decides it alike.
     */
    record Expire(Labels key, double lastPushSeconds) implements Mutation {
        /** Whether {@code g} (null: none) is still the group found stale, so that this deletes it. */
        public boolean qualifies(Group g) {
            return g != null && Double.compare(lastPush(g), lastPushSeconds) == 0;
        }

        /** When {@code g} last pushed successfully, or, if it never did, last failed. */
        public static double lastPush(Group g) {
            return g.pushTimeSeconds() > 0 ? g.pushTimeSeconds() : g.pushFailureTimeSeconds();
        }
    }

    /** Every group goes. */
    record Wipe() implements Mutation {
    }

    /** A whole group as a snapshot holds it. */
    record Restore(Group group) implements Mutation {
    }
}
