package io.ferry.push;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.state.Group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the stored push groups and Ferry's own metrics into the families {@code GET /metrics}
 * serves, in the Pushgateway's order and shape.
 *
 * <pre>{@code
 * PushedFamilies pushed = new PushedFamilies();            // one per server: it remembers
 * List<MetricFamily> body = pushed.families(store.groups(), registry.collect());
 * PrometheusTextWriter.INSTANCE.write(body, sink);
 * }</pre>
 *
 * <p><b>What comes out.</b> Ferry's own families, every pushed family and, per group, one
 * {@code push_time_seconds} and one {@code push_failure_time_seconds} gauge series (label set: the
 * grouping key, plus {@code instance=""} when the key has no instance; value: the stored seconds, 0
 * for never), all merged by name: families with the same name become one family holding the series
 * of all of them. Families are sorted by name and series as client_golang sorts them: fewer labels
 * first, then label values compared pairwise in label-name order, then by timestamp with series
 * without one last. Strings compare byte-wise in UTF-8, as Go does. Families without series are
 * dropped. Pushed families named {@code push_time_seconds} or {@code push_failure_time_seconds}
 * are not served: the group's stored times are. A pushed series with the labels of one of Ferry's
 * own series (a group may push {@code up} of the same type as the liveness series) is not served
 * either: Ferry's is; and in a family Ferry serves too, a series two groups pushed is served once,
 * the first group's. A scrape never sees one of those series twice.
 *
 * <p><b>HELP and TYPE of a merged family</b>, deterministic where the Pushgateway's are not:
 * <ol>
 *   <li>When Ferry has an own family of that name, its HELP, TYPE and UNIT win (the Pushgateway
 *       likewise replaces the HELP of pushed families named like its own metrics).</li>
 *   <li>Otherwise the family of the group whose grouping key sorts first wins. Keys sort like series
 *       (fewer labels first, then values in label-name order), then by label names.</li>
 *   <li>The two push time families always have the Pushgateway's HELP texts, unless Ferry itself
 *       has a family of that name.</li>
 * </ol>
 * The push layer refuses families whose TYPE disagrees with stored ones (and, like the Pushgateway,
 * with Ferry's own), so a clash should not reach this class. If one does anyway, the winner's TYPE is kept and each family of that name
 * with another TYPE is left out whole; nothing throws. Pushed families without series take no part
 * in this choice.
 *
 * <p><b>Cost.</b> One pass over the groups' families and one sort per merged family: O(n log n) in
 * the number of series. A family that comes from one source already in order is served as it is.
 * A merged family of pushed series only holds its order over its parts' series
 * ({@link MetricFamily#withSeriesOf}), an {@code int} a series, not a copy of them.
 *
 * <p><b>Memory of the last call.</b> Stored groups and families are immutable, so an instance keeps
 * what it built last time: a merged family whose parts are the very same objects as before is reused
 * without sorting again. Families holding one of Ferry's own are not kept: own families are collected
 * afresh at each call. A scrape after a push then costs one pass over the groups plus the sort of what
 * changed; while the set of groups is the very same, not even that pass: the pushed families by name
 * and their merges are the last call's, and only the names Ferry has families of are merged again.
 * Thread-safe: concurrent calls each build from the last published memory and publish their own.
 */
public final class PushedFamilies {
    public static final String PUSH_TIME = "push_time_seconds";
    public static final String PUSH_TIME_HELP = "Last Unix time when changing this group in the Pushgateway succeeded.";
    public static final String PUSH_FAILURE_TIME = "push_failure_time_seconds";
    public static final String PUSH_FAILURE_TIME_HELP =
            "Last Unix time when changing this group in the Pushgateway failed.";

    /**
     * What the last call built, for the next one to reuse: the groups, every pushed family with series
     * by name (the groups' push time families first, then their own in key order), and the merges of
     * pushed families only.
     */
    private record Memory(Group[] sortedGroups, Set<Group> groupSet, Map<String, List<MetricFamily>> pushed,
                          Map<String, Built> built) {
        static final Memory EMPTY = new Memory(new Group[0], Set.of(), Map.of(), Map.of());
    }

    /** A merged family and the parts it was made of. */
    private record Built(MetricFamily meta, List<MetricFamily> parts, MetricFamily family) {
    }

    private volatile Memory memory = Memory.EMPTY;

    /** Everything {@code GET /metrics} serves, built afresh: {@link #families} without memory. */
    public static List<MetricFamily> collect(Collection<Group> groups, List<MetricFamily> own) {
        return new PushedFamilies().families(groups, own);
    }

    /**
     * Everything {@code GET /metrics} serves.
     *
     * @param groups the stored groups, in any order (for example {@code GroupStore.groups()})
     * @param own    Ferry's own families (for example {@code Registry.collect()}); of repeated names
     *               only the first counts
     * @return the families sorted by name, each with its series sorted, none empty
     */
    public List<MetricFamily> families(Collection<Group> groups, List<MetricFamily> own) {
        Memory last = memory;
        Group[] sorted = groups.toArray(new Group[0]);
        boolean sameGroups = sameGroups(sorted, last.groupSet());
        Set<Group> groupSet;
        Map<String, List<MetricFamily>> pushed;
        if (sameGroups) {
            sorted = last.sortedGroups();
            groupSet = last.groupSet();
            pushed = last.pushed();
        } else {
            Arrays.sort(sorted, (a, b) -> a.key().compareTo(b.key()));
            groupSet = Collections.newSetFromMap(new IdentityHashMap<>(sorted.length * 2));
            groupSet.addAll(Arrays.asList(sorted));
            pushed = byName(sorted);
        }
        Map<String, MetricFamily> ownByName = new HashMap<>();
        for (MetricFamily f : own) {
            ownByName.putIfAbsent(f.name(), f);
        }
        Set<String> nameSet = new HashSet<>(ownByName.keySet());
        nameSet.addAll(pushed.keySet());
        String[] names = nameSet.toArray(new String[0]);
        Arrays.sort(names, Labels::compareUtf8);

        List<MetricFamily> out = new ArrayList<>(names.length);
        Map<String, Built> built = new HashMap<>();
        for (String name : names) {
            MetricFamily ownFamily = ownByName.get(name);
            List<MetricFamily> parts = pushed.getOrDefault(name, List.of());
            Built before = last.built().get(name);
            if (ownFamily == null && sameGroups && before != null) {
                // The same pushed families as last time, merged alone then as now: no pass over them.
                built.put(name, before);
                out.add(before.family());
                continue;
            }
            Merged m = ownFamily != null ? new Merged(ownFamily, true, parts) : new Merged(parts.get(0), false, parts);
            if (m.seriesCount == 0) {
                continue;
            }
            Built now = before != null && before.meta() == m.meta && sameParts(before.parts(), m.parts)
                    ? before : new Built(m.meta, m.parts, m.build());
            if (!m.own) {
                // Own families are collected afresh at each call, so a merge holding one could never be
                // reused; remembering it would only keep a copy of every such series (StatsD's) alive.
                built.put(name, now);
            }
            out.add(now.family());
        }
        memory = new Memory(sorted, groupSet, pushed, built);
        return out;
    }

    /**
     * The pushed families with series of {@code sorted} groups, by name: first each group's push time
     * series (two families of a series a group), then each group's own families in key order, without
     * those named as the push time families.
     */
    private static Map<String, List<MetricFamily>> byName(Group[] sorted) {
        Metric[] pushTimeSeries = new Metric[sorted.length];
        Metric[] failureTimeSeries = new Metric[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            Group g = sorted[i];
            Labels labels = timeSeriesLabels(g.key());
            pushTimeSeries[i] = ValueMetric.of(labels, g.pushTimeSeconds());
            failureTimeSeries[i] = ValueMetric.of(labels, g.pushFailureTimeSeconds());
        }
        Map<String, List<MetricFamily>> byName = new HashMap<>();
        if (sorted.length > 0) {
            byName.put(PUSH_FAILURE_TIME, List.of(new MetricFamily(PUSH_FAILURE_TIME, MetricType.GAUGE,
                    PUSH_FAILURE_TIME_HELP, null, Arrays.asList(failureTimeSeries)).compacted()));
            byName.put(PUSH_TIME, List.of(new MetricFamily(PUSH_TIME, MetricType.GAUGE, PUSH_TIME_HELP, null,
                    Arrays.asList(pushTimeSeries)).compacted()));
        }
        for (Group g : sorted) {
            for (MetricFamily f : g.families()) {
                if (!f.metrics().isEmpty() && !f.name().equals(PUSH_TIME) && !f.name().equals(PUSH_FAILURE_TIME)) {
                    byName.computeIfAbsent(f.name(), n -> new ArrayList<>(1)).add(f);
                }
            }
        }
        return byName;
    }

    /** The labels of a group's push time series: its key, with {@code instance=""} when it has none. */
    static Labels timeSeriesLabels(Labels key) {
        return key.get("instance") != null ? key : key.with("instance", "");
    }

    /** The names whose merged family the next call may reuse (for tests). */
    Set<String> remembered() {
        return memory.built().keySet();
    }

    private static boolean sameGroups(Group[] groups, Set<Group> last) {
        if (groups.length != last.size()) {
            return false;
        }
        for (Group g : groups) {
            if (!last.contains(g)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameParts(List<MetricFamily> a, List<MetricFamily> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The families of one name: the one whose metadata wins, and those whose series are served. */
    private static final class Merged {
        final MetricFamily meta;
        /** Whether {@link #meta} is Ferry's own family, whose series then win over pushed ones. */
        final boolean own;
        /** The families whose series are served, none empty. */
        final List<MetricFamily> parts;
        final int seriesCount;

        /**
         * @param meta   the family whose HELP, TYPE and UNIT win: Ferry's own, or the first pushed one
         * @param pushed the pushed families of that name, none empty; those of another TYPE than
         *               {@code meta}'s are left out whole
         */
        Merged(MetricFamily meta, boolean own, List<MetricFamily> pushed) {
            this.meta = meta;
            this.own = own;
            if (!own && pushed.stream().allMatch(f -> f.type() == meta.type())) {
                parts = pushed; // meta among them: the list itself, not a copy kept beside it
            } else {
                parts = new ArrayList<>(pushed.size() + 1);
                if (own && !meta.metrics().isEmpty()) {
                    parts.add(meta);
                }
                for (MetricFamily f : pushed) {
                    if (f.type() == meta.type()) {
                        parts.add(f);
                    }
                }
            }
            int n = 0;
            for (MetricFamily f : parts) {
                n += f.metrics().size();
            }
            seriesCount = n;
        }

        MetricFamily build() {
            if (parts.size() == 1 && parts.get(0).inSeriesOrder()) {
                MetricFamily only = parts.get(0);
                return only == meta ? only : meta.withMetrics(only.metrics());
            }
            if (!own) {
                // Remembered: the parts' series in order, an int each rather than a copy.
                return meta.withSeriesOf(parts, MetricFamily.SERIES_ORDER);
            }
            // Ferry's own part comes first, so its series are known before any pushed one is added.
            Set<Labels> ownSeries = own ? new HashSet<>() : Set.of();
            Metric[] all = new Metric[seriesCount];
            int n = 0;
            for (MetricFamily f : parts) {
                boolean ownPart = own && f == meta;
                for (Metric m : f.metrics()) {
                    if (ownPart) {
                        ownSeries.add(m.labels());
                    } else if (ownSeries.contains(m.labels())) {
                        continue;
                    }
                    all[n++] = m;
                }
            }
            Arrays.sort(all, 0, n, MetricFamily.SERIES_ORDER); // stable: equal series stay in group key order
            if (own) {
                n = firstOfEachSeries(all, n); // nor twice from two groups, in a family Ferry serves too
            }
            return meta.withMetrics(Arrays.asList(n == all.length ? all : Arrays.copyOf(all, n)));
        }
    }

    /** Keeps the first of each run of series with equal labels in the sorted {@code all[0, n)}; returns how many stay. */
    private static int firstOfEachSeries(Metric[] all, int n) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (kept == 0 || !all[i].labels().equals(all[kept - 1].labels())) {
                all[kept++] = all[i];
            }
        }
        return kept;
    }
}
