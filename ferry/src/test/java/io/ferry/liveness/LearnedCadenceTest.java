package io.ferry.liveness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LearnedCadenceTest {

    @Test
    void unknownUntilTwoIntervalsThenTheMedianOfTheLastFive() {
        LearnedCadence c = new LearnedCadence();
        assertThat(c.intervalSeconds()).isEmpty();
        c.observe(1000);
        c.observe(1060);
        assertThat(c.intervalSeconds()).isEmpty();
        c.observe(1060);   // seen again at the next evaluation: nothing new
        c.observe(1120);
        assertThat(c.intervalSeconds()).hasValue(60);
        c.observe(1500);   // one late run does not move the median
        assertThat(c.intervalSeconds()).hasValue(60);
        c.observe(1560);
        c.observe(1620);
        c.observe(1680);
        // Intervals now 60, 60, 380, 60, 60, 60; the median of the last five is 60.
        assertThat(c.intervalSeconds()).hasValue(60);
        c.observe(1800);
        c.observe(1920);
        c.observe(2040);
        // Last five: 60, 60, 120, 120, 120.
        assertThat(c.intervalSeconds()).hasValue(120);
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwo() {
        LearnedCadence c = new LearnedCadence();
        c.observe(0);
        c.observe(10);
        c.observe(40);
        assertThat(c.intervalSeconds()).hasValue(20);
    }

    @Test
    void olderTimesAreIgnored() {
        LearnedCadence c = new LearnedCadence();
        c.observe(100);
        c.observe(50);
        c.observe(200);
        c.observe(300);
        assertThat(c.intervalSeconds()).hasValue(100);
    }
}
