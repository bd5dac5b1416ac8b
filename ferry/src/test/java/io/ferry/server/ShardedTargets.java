package io.ferry.server;

import io.ferry.testing.RemoteWriteReceiver;
import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sharded-scraping tests ask of members: which targets of the {@code app} job each scrapes. */
final class ShardedTargets {
    private ShardedTargets() {
    }

    /** The app job's targets a member scrapes now, by instance. */
    static Set<String> scrapedBy(TestHttp member) throws Exception {
        JsonObject body = new JsonObject(member.get("/api/v1/targets?scrapePool=app").body());
        return body.getJsonObject("data").getJsonArray("activeTargets").stream()
                .map(o -> ((JsonObject) o).getJsonObject("labels").getString("instance")).collect(Collectors.toSet());
    }

    /** {@link #scrapedBy(TestHttp)} of a member in this JVM. */
    static Set<String> scrapedBy(FerryServer member) throws Exception {
        return scrapedBy(TestHttp.local(member.port()));
    }

    /** Whether the members scrape every target, each exactly once, and each member some. */
    static boolean splitWithoutOverlapOrGap(List<TestHttp> members, List<String> targets) throws Exception {
        List<String> all = new ArrayList<>();
        for (TestHttp m : members) {
            Set<String> mine = scrapedBy(m);
            if (mine.isEmpty()) {
                return false;
            }
            all.addAll(mine);
        }
        return all.size() == targets.size() && new HashSet<>(all).containsAll(targets);
    }

    /**
     * The app job's samples that sit closer than a quarter interval to the one before, as
     * "instance at t1 and t2": two members scraping one target in the same phase write two samples
     * milliseconds apart, one member never does.
     */
    static List<String> twinSamples(RemoteWriteReceiver receiver, Duration interval) throws Exception {
        List<String> twins = new ArrayList<>();
        for (RemoteWriteReceiver.Timeline t : receiver.timelines("app_scrapes_total{job=\"app\"}")) {
            List<Long> ts = t.timestamps();
            for (int i = 1; i < ts.size(); i++) {
                if (ts.get(i) - ts.get(i - 1) < interval.toMillis() / 4) {
                    twins.add(t.labels().get("instance") + " at " + ts.get(i - 1) + " and " + ts.get(i));
                }
            }
        }
        return twins;
    }

    /** Polls {@code condition} every 200 ms until it holds; fails naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }
}
