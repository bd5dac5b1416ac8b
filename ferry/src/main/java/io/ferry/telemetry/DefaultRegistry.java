package io.ferry.telemetry;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.MetricFamily;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link Registry} Ferry runs with. Registration is rare and collection is per scrape, so a
 * copy-on-write list lets {@link #collect} iterate without any lock.
 */
public final class DefaultRegistry implements Registry {
    private static final Logger LOG = Log.logger();

    private final List<Collector> collectors = new CopyOnWriteArrayList<>();

    @Override
    public void register(Collector collector) {
        if (collector == null) {
            throw new NullPointerException("collector");
        }
        synchronized (collectors) {
            if (collectors.contains(collector)) {
                throw new IllegalArgumentException("collector already registered: " + collector);
            }
            collectors.add(collector);
        }
    }

    @Override
    public List<MetricFamily> collect() {
        List<MetricFamily> all = new ArrayList<>();
        for (Collector c : collectors) {
            try {
                all.addAll(c.collect());
            } catch (RuntimeException e) {
                LOG.warn("metrics collector failed", "collector", c.getClass().getName(), "err", e);
            }
        }
        // A stable sort keeps the earlier-registered family first among equal names.
        all.sort(Comparator.comparing(MetricFamily::name));
        Set<String> seen = new HashSet<>();
        all.removeIf(f -> !seen.add(f.name()));
        return all;
    }
}
