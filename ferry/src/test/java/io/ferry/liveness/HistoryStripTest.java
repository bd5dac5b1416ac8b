package io.ferry.liveness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static io.ferry.liveness.Slot.FAILED;
import static io.ferry.liveness.Slot.LATE;
import static io.ferry.liveness.Slot.MISSING;
import static io.ferry.liveness.Slot.ON_TIME;
import static org.assertj.core.api.Assertions.assertThat;

class HistoryStripTest {
    private static final long MIN = 60_000;

    /** Sends at these minutes, a negative one failed. */
    private static ProducerState.Snapshot sends(double... minutes) {
        long[] s = new long[minutes.length];
        for (int i = 0; i < minutes.length; i++) {
            long t = Math.round(Math.abs(minutes[i]) * MIN);
            s[i] = t << 1 | (minutes[i] < 0 ? 1 : 0);
        }
        return new ProducerState.Snapshot(0, 0, false, "", OptionalDouble.empty(), s, ProducerState.NEVER);
    }

    private static List<Slot> strip(ProducerState.Snapshot s, long every, long grace, double nowMinutes) {
        return HistoryStrip.of(s, every, grace, Math.round(nowMinutes * MIN));
    }

    @Test
    void onTimeLateMissingAndFailed() {
        // Every minute, grace 10 s: on time, late (70 s), failed, a gap of three minutes, on time.
        ProducerState.Snapshot s = sends(1, 2, 3 + 10 / 60.0, -4, 7, 8);
        assertThat(strip(s, MIN, 10_000, 8.5)).containsExactly(ON_TIME, ON_TIME, LATE, FAILED, MISSING, MISSING,
                ON_TIME, ON_TIME);
    }

    @Test
    void wholeIntervalsPastEveryAndGraceAfterTheLastSendAreMissing() {
        ProducerState.Snapshot s = sends(1);
        assertThat(strip(s, MIN, 30_000, 2.5)).containsExactly(ON_TIME);
        assertThat(strip(s, MIN, 30_000, 2.51)).containsExactly(ON_TIME, MISSING);
        assertThat(strip(s, MIN, 30_000, 4.6)).containsExactly(ON_TIME, MISSING, MISSING, MISSING);
    }

    @Test
    void withoutAnIntervalEachSendIsASlot() {
        assertThat(strip(sends(1, 500, -501), 0, 0, 10_000)).containsExactly(ON_TIME, ON_TIME, FAILED);
    }

    @Test
    void atMostHistorySlotsTheNewestKept() {
        ProducerState.Snapshot s = sends(1, 2);
        List<Slot> strip = strip(s, MIN, 0, 1000);
        assertThat(strip).hasSize(ProducerRegistry.HISTORY).containsOnly(MISSING);
        assertThat(strip(sends(1, 100), MIN, 0, 100)).hasSize(ProducerRegistry.HISTORY).endsWith(MISSING, ON_TIME);
    }

    @Test
    void theRingKeepsSendsCloserThanHalfAnIntervalInOneSlot() {
        ProducerState p = new ProducerState();
        p.intervalHintMillis = MIN;
        for (int s = 0; s <= 120; s += 10) {
            p.report(s * 1000L, s != 10, "x");
        }
        // Slots open at 0, 30 s, 60 s, 90 s and 120 s; the failure at 10 s was followed by a success in its slot.
        ProducerState.Snapshot snap = p.snapshot();
        assertThat(snap.sends()).hasSize(5);
        assertThat(HistoryStrip.of(snap, MIN, 0, 125_000)).containsOnly(ON_TIME).hasSize(5);
    }
}
