package io.ferry.statsd.mapping.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultCacheTest {

    @Test
    void holdsAValuePerNameAndKind() {
        ResultCache<String> cache = new ResultCache<>(10, 3);
        cache.put("a", 0, "a0");
        cache.put("a", 2, "a2");
        assertThat(cache.get("a", 0)).isEqualTo("a0");
        assertThat(cache.get("a", 1)).isNull();
        assertThat(cache.get("a", 2)).isEqualTo("a2");
        assertThat(cache.get("b", 0)).isNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void staysWithinItsCapacity() {
        ResultCache<Integer> cache = new ResultCache<>(100, 1);
        for (int i = 0; i < 10_000; i++) {
            cache.put("n" + i, 0, i);
            assertThat(cache.size()).isLessThanOrEqualTo(100);
        }
        assertThat(cache.get("n9999", 0)).isEqualTo(9999);
        assertThat(cache.get("n0", 0)).isNull();
    }

    /** A name read again and again survives any number of names seen once. */
    @Test
    void keepsTheNamesInUse() {
        ResultCache<Integer> cache = new ResultCache<>(100, 1);
        cache.put("hot", 0, 1);
        for (int i = 0; i < 10_000; i++) {
            cache.put("cold" + i, 0, i);
            assertThat(cache.get("hot", 0)).isEqualTo(1);
        }
    }
}
