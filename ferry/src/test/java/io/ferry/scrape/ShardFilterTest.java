package io.ferry.scrape;

import io.ferry.model.Labels;
import io.ferry.relabel.Relabeler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardFilterTest {
    private static ScrapeTarget target(String address, long key) {
        return new ScrapeTarget("app", Labels.of("instance", address, "job", "app"), Labels.EMPTY,
                URI.create("http://" + address + "/metrics"), Duration.ofSeconds(1), Duration.ofSeconds(1), key);
    }

    /** Prometheus' relabel_test.go case ("baz", modulus 1000 gives 976) and values md5 gives elsewhere. */
    @ParameterizedTest
    @CsvSource({
            "baz, 1000, 976",
            "127.0.0.1:9100, 1000, 150",
            "127.0.0.1:9100, 3, 1",
            "10.0.0.1:80, 2, 1",
            "'[::1]:9090', 3, 2",
    })
    void hashmodIsPrometheusMd5TailModulo(String value, long modulus, long expected) {
        assertThat(Relabeler.hashmod(value, modulus)).isEqualTo(expected);
    }

    @Test
    void staticShardKeepsTheTargetsWhoseAddressHashesToItsIndex() {
        ShardFilter zero = ShardFilter.hashmod(0, 3);
        ShardFilter one = ShardFilter.hashmod(1, 3);
        ShardFilter two = ShardFilter.hashmod(2, 3);
        ScrapeTarget t = target("127.0.0.1:9100", 0); // hashmod 3 = 1
        assertThat(List.of(zero.scrapes(t), one.scrapes(t), two.scrapes(t))).containsExactly(false, true, false);
        assertThat(one.shardOf(target("[::1]:9090", 0))).isEqualTo(2);
        assertThat(one.owned()).containsExactly(1);
    }

    @Test
    void everyTargetHasExactlyOneStaticShard() {
        List<ShardFilter> members = IntStream.range(0, 4).mapToObj(i -> ShardFilter.hashmod(i, 4)).toList();
        int[] perMember = new int[4];
        for (int i = 0; i < 400; i++) {
            ScrapeTarget t = target("10.1." + i / 250 + "." + i % 250 + ":9100", i);
            List<Integer> scrapers = IntStream.range(0, 4).filter(m -> members.get(m).scrapes(t)).boxed().toList();
            assertThat(scrapers).hasSize(1);
            perMember[scrapers.getFirst()]++;
        }
        assertThat(java.util.Arrays.stream(perMember).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(60, 140));
    }

    @Test
    void byKeyScrapesTheOwnedShardsOfTheTargetKey() {
        ShardFilter f = ShardFilter.byKey(8, 1);
        assertThat(f.scrapes(target("a:1", 3))).isFalse();
        f.own(Set.of(3, 5));
        assertThat(f.scrapes(target("a:1", 3))).isTrue();
        assertThat(f.scrapes(target("a:1", 8 + 5))).isTrue();
        assertThat(f.scrapes(target("a:1", 4))).isFalse();
        // The key is a hash: its sign bit is part of the number, not a negative shard.
        assertThat(f.shardOf(target("a:1", -1))).isEqualTo((int) Long.remainderUnsigned(-1, 8));
    }

    @Test
    void replicasAreTheNextDistinctOwnersInTheWholeAssignment() {
        // Three members holding runs of shards, as the sticky assignor hands them out: a, a, a, b, b, b, c, c.
        Map<Integer, String> owners = new HashMap<>();
        for (int s = 0; s < 8; s++) {
            owners.put(s, s < 3 ? "a" : s < 6 ? "b" : "c");
        }
        Map<String, ShardFilter> members = new HashMap<>();
        for (String m : List.of("a", "b", "c")) {
            ShardFilter g = ShardFilter.byKey(8, 2);
            g.own(owners.entrySet().stream().filter(e -> e.getValue().equals(m)).map(Map.Entry::getKey)
                    .collect(java.util.stream.Collectors.toSet()));
            g.owners(m, owners);
            members.put(m, g);
        }
        for (int s = 0; s < 8; s++) {
            ScrapeTarget t = target("a:1", s);
            List<String> scrapers = members.entrySet().stream().filter(e -> e.getValue().scrapes(t))
                    .map(Map.Entry::getKey).sorted().toList();
            assertThat(scrapers).as("shard %d", s).hasSize(2).contains(owners.get(s));
        }
        // Shard 7 is c's; the next distinct owner walking on (0, 1, ...) is a.
        assertThat(members.get("a").scrapes(target("a:1", 7))).isTrue();
        assertThat(members.get("b").scrapes(target("a:1", 7))).isFalse();
    }

    @Test
    void withoutTheWholeAssignmentAReplicaScrapesItsOwnShardsOnly() {
        ShardFilter f = ShardFilter.byKey(8, 2);
        f.own(Set.of(0));
        assertThat(IntStream.range(0, 8).filter(s -> f.scrapes(target("a:1", s))).boxed().toList())
                .containsExactly(0);
        AtomicInteger calls = new AtomicInteger();
        f.onChange(calls::incrementAndGet);
        f.owners("me", Map.of(0, "me", 1, "other"));
        assertThat(calls).hasValue(1);
        assertThat(f.scrapes(target("a:1", 1))).isTrue();
    }

    @Test
    void listenersRunOnceAChangeIsVisible() {
        ShardFilter f = ShardFilter.byKey(4, 1);
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> seen = new ArrayList<>();
        f.onChange(() -> {
            calls.incrementAndGet();
            seen.add(f.scrapes(target("a:1", 2)));
        });
        f.own(Set.of(2));
        f.own(Set.of(2));
        f.own(Set.of());
        assertThat(calls).hasValue(2);
        assertThat(seen).containsExactly(true, false);
    }

    @Test
    void refusesAnIndexOutsideTheCount() {
        assertThatThrownBy(() -> ShardFilter.hashmod(2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardFilter.byKey(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scrapesAreHeldBackOnlyOnceALeaseWasGivenAndHasRunOut() {
        ShardFilter kafka = ShardFilter.byKey(4, 1);
        assertThat(kafka.mayScrapeNow()).as("before any lease").isTrue();
        kafka.leaseUntil(System.nanoTime() + 60_000_000_000L);
        assertThat(kafka.mayScrapeNow()).isTrue();
        kafka.leaseUntil(System.nanoTime() - 1);
        assertThat(kafka.mayScrapeNow()).isFalse();
        assertThat(ShardFilter.hashmod(0, 2).mayScrapeNow()).as("a static shard has no lease").isTrue();
    }
}
