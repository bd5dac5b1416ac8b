package io.ferry.remotewrite.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A queue never takes more than half the disk it finds free, so acknowledging can always write its cursor. */
class DestinationBudgetTest {

    @Test
    void theBudgetIsAtMostHalfTheFreeSpace() {
        long gib = 1L << 30;
        assertThat(Destination.budgetWithin(gib, 100L * gib)).isEqualTo(gib);
        assertThat(Destination.budgetWithin(gib, 5L << 20)).isEqualTo(5L << 19); // a 5 MiB disk: 2.5 MiB
        assertThat(Destination.budgetWithin(gib, 1L << 20)).isEqualTo(Destination.MIN_BUDGET_BYTES);
        assertThat(Destination.budgetWithin(3L << 20, 100L * gib)).isEqualTo(3L << 20);
    }
}
