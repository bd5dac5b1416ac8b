package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.util.Arrays;
import java.util.List;

/**
 * One push group as stored: its grouping key, its families (sorted by name, grouping labels already
 * in every series), when each family was last pushed, and the times of the group's last successful
 * and last failed change, in seconds since the epoch (0 for never, as the Pushgateway exposes it).
 * A POST keeps the families it does not name, with their older push times. Immutable. Families
 * are kept {@linkplain MetricFamily#compacted compacted}: a stored series of plain values costs its
 * label values and one {@code double}.
 */
public final class Group {
    private final Labels key;
    private final List<MetricFamily> families;
    private final double[] familyPushTimes;
    private final double pushTimeSeconds;
    private final double pushFailureTimeSeconds;
    private final int seriesCount;

    /** A group whose families were all pushed at {@code pushTimeSeconds}. */
    public Group(Labels key, List<MetricFamily> families, double pushTimeSeconds, double pushFailureTimeSeconds) {
        this(key, families, filled(families.size(), pushTimeSeconds), pushTimeSeconds, pushFailureTimeSeconds);
    }

    /** @param familyPushTimes when each family was pushed, by index into {@code families} */
    public Group(Labels key, List<MetricFamily> families, double[] familyPushTimes, double pushTimeSeconds,
                 double pushFailureTimeSeconds) {
        if (familyPushTimes.length != families.size()) {
            throw new IllegalArgumentException(families.size() + " families but " + familyPushTimes.length + " times");
        }
        this.key = key;
        this.families = compacted(families);
        this.familyPushTimes = familyPushTimes.clone();
        this.pushTimeSeconds = pushTimeSeconds;
        this.pushFailureTimeSeconds = pushFailureTimeSeconds;
        int n = 0;
        for (MetricFamily f : this.families) {
            n += f.metrics().size();
        }
        this.seriesCount = n;
    }

    public Labels key() {
        return key;
    }

    public List<MetricFamily> families() {
        return families;
    }

    /** When {@code families().get(index)} was last pushed, in seconds since the epoch. */
    public double familyPushTimeSeconds(int index) {
        return familyPushTimes[index];
    }

    /** The series of all its families. */
    public int seriesCount() {
        return seriesCount;
    }

    public double pushTimeSeconds() {
        return pushTimeSeconds;
    }

    public double pushFailureTimeSeconds() {
        return pushFailureTimeSeconds;
    }

    /** Whether the last change succeeded: no failure, or none after the last success. */
    public boolean lastPushSucceeded() {
        return pushFailureTimeSeconds <= pushTimeSeconds;
    }

    /** A copy with the failure time set. */
    Group withFailureTime(double seconds) {
        return new Group(key, families, familyPushTimes, pushTimeSeconds, seconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Group g && key.equals(g.key) && families.equals(g.families)
                && Arrays.equals(familyPushTimes, g.familyPushTimes)
                && Double.compare(pushTimeSeconds, g.pushTimeSeconds) == 0
                && Double.compare(pushFailureTimeSeconds, g.pushFailureTimeSeconds) == 0;
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + families.hashCode();
    }

    @Override
    public String toString() {
        return "Group[key=" + key + ", families=" + families + ", familyPushTimes=" + Arrays.toString(familyPushTimes)
                + ", pushTimeSeconds=" + pushTimeSeconds + ", pushFailureTimeSeconds=" + pushFailureTimeSeconds + "]";
    }

    /** The families as a store holds them: in columns where they fit ({@link MetricFamily#compacted}). */
    private static List<MetricFamily> compacted(List<MetricFamily> families) {
        MetricFamily[] compact = new MetricFamily[families.size()];
        for (int i = 0; i < compact.length; i++) {
            compact[i] = families.get(i).compacted();
        }
        return List.of(compact);
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }
}
