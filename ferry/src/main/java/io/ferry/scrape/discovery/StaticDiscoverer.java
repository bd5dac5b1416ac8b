package io.ferry.scrape.discovery;

import io.ferry.model.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code static_configs} of a job: one group per item, sources {@code "0"}, {@code "1"}, ... by
 * index, as Prometheus numbers them. Each target becomes {@code __address__}; the item's labels are
 * the group's labels.
 *
 * <pre>{@code
 * Discoverer d = new StaticDiscoverer(job.staticConfigs());
 * d.start(groups -> pool.update(groups));   // calls once, on this thread, before returning
 * }</pre>
 *
 * <p>It calls {@code updates} once, from {@link #start} itself, and never again. Thread-safe.
 */
public final class StaticDiscoverer implements Discoverer {
    private final List<TargetGroup> groups;
    private final GroupPublisher publisher = new GroupPublisher();

    public StaticDiscoverer(List<StaticTargets> configs) {
        List<TargetGroup> gs = new ArrayList<>(configs.size());
        for (StaticTargets c : configs) {
            List<Labels> targets = new ArrayList<>(c.targets().size());
            for (String t : c.targets()) {
                targets.add(Labels.of("__address__", t));
            }
            gs.add(new TargetGroup(Integer.toString(gs.size()), targets, Labels.of(c.labels())));
        }
        this.groups = List.copyOf(gs);
    }

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
        publisher.start(updates);
        publisher.publishAll(groups);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
