package io.ferry.scrape.discovery;

import io.ferry.model.Labels;

import java.util.List;

/**
 * A group of targets from one discovery source, as in Prometheus' {@code targetgroup.Group}: each
 * target is a label set holding at least {@code __address__}, and {@code labels} apply to all of
 * them (a target's own label wins over the group's).
 *
 * @param source  stable within its {@link Discoverer}: an update with the same source replaces the
 *                group, and an update with an empty group under it removes its targets
 * @param targets each with {@code __address__}, plus the source's {@code __meta_*} labels
 */
public record TargetGroup(String source, List<Labels> targets, Labels labels) {
    public TargetGroup {
        targets = List.copyOf(targets);
    }
}
