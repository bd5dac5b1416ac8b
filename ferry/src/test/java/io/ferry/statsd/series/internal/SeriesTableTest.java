package io.ferry.statsd.series.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The table against a HashMap under random inserts and removals with colliding, wrapping hashes. */
class SeriesTableTest {
    @Test
    void agreesWithAMapThroughGrowthCollisionsAndRemovals() {
        Random r = new Random(42);
        SeriesTable t = new SeriesTable();
        Map<String, Double> model = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            String k = "k" + r.nextInt(600);
            byte[] key = k.getBytes(StandardCharsets.UTF_8);
            int hash = hashOf(k);
            t.lock.lock();
            try {
                int slot = t.find(key, key.length, hash);
                assertThat(slot >= 0).as("%s present", k).isEqualTo(model.containsKey(k));
                if (r.nextInt(3) == 0) {
                    if (slot >= 0) {
                        t.removeAt(slot);
                        model.remove(k);
                    }
                } else {
                    if (slot < 0) {
                        slot = t.insert(-slot - 1, key, hash);
                    }
                    t.values[slot] += 1;
                    model.merge(k, 1.0, Double::sum);
                }
                assertThat(t.size()).isEqualTo(model.size());
            } finally {
                t.lock.unlock();
            }
        }
        t.lock.lock();
        try {
            for (var e : model.entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                int slot = t.find(key, key.length, hashOf(e.getKey()));
                assertThat(t.values[slot]).as(e.getKey()).isEqualTo(e.getValue());
            }
        } finally {
            t.lock.unlock();
        }
    }

    /** Few distinct hashes, some near the top of the table so runs wrap round its end. */
    private static int hashOf(String k) {
        int h = k.hashCode() % 40;
        return h < 20 ? h : -1 - h;
    }
}
