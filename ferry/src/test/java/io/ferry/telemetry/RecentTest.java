package io.ferry.telemetry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentTest {
    @Test
    void keepsTheLastValuesOldestFirst() {
        Recent<Integer> r = new Recent<>(3);
        assertThat(r.values()).isEmpty();
        r.add(1);
        r.add(2);
        assertThat(r.values()).containsExactly(1, 2);
        r.add(3);
        r.add(4);
        r.add(5);
        assertThat(r.values()).containsExactly(3, 4, 5);
    }

    @Test
    void aCopyDoesNotChangeUnderItsReader() {
        Recent<Integer> r = new Recent<>(2);
        r.add(1);
        List<Integer> seen = r.values();
        r.add(2);
        r.add(3);
        assertThat(seen).containsExactly(1);
    }

    @Test
    void addAllCarriesAnotherHistoryOn() {
        Recent<Integer> old = new Recent<>(3);
        old.add(1);
        old.add(2);
        Recent<Integer> next = new Recent<>(3);
        next.addAll(old);
        next.add(3);
        next.add(4);
        assertThat(next.values()).containsExactly(2, 3, 4);
    }

    @Test
    void needsRoomForOneValue() {
        assertThatThrownBy(() -> new Recent<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
