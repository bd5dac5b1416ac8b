package io.ferry.server;

import io.ferry.model.MetricFamily;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.Registry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** When /metrics is rendered ahead of its scrape, on a clock the test moves and ticks it calls. */
class RenderAheadTest {
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong now = new AtomicLong();
    /** Every render, ahead or for a scrape, collects the families once. */
    private final AtomicInteger renders = new AtomicInteger();
    private final MetricsBody body = new MetricsBody(() -> {
        renders.incrementAndGet();
        return List.<MetricFamily>of();
    }, false);
    private Registry registry = new DefaultRegistry();
    private RenderAhead ahead;

    /** After a first scrape of plain text, so that each render ahead renders that alone and collects once. */
    private void start() throws IOException {
        scrape();
        renders.set(0);
        registry = new DefaultRegistry();
        ahead = new RenderAhead(changes::get, body, now::get, registry);
    }

    /** Moves the clock by {@code millis} and ticks. */
    private void after(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
        ahead.tick();
    }

    /** {@code times} changes, each followed by the quiet period. */
    private void changedThenQuiet(int times) {
        for (int i = 0; i < times; i++) {
            changes.incrementAndGet();
            after(0);
            after(RenderAhead.QUIET.toMillis());
        }
    }

    private void scrape() throws IOException {
        body.render(body.choose(null, null), (bytes, offset, length) -> { });
    }

    @Test
    void rendersOnceTheStoreHasBeenQuietForAWhileAndNotAgainUntilItChanges() throws IOException {
        start();
        changes.set(3);
        after(0);
        after(RenderAhead.QUIET.toMillis() - 1);
        assertThat(renders).as("not quiet long enough yet").hasValue(0);
        after(1);
        assertThat(renders).hasValue(1);
        after(10_000);
        assertThat(renders).as("nothing changed since").hasValue(1);
        changedThenQuiet(1);
        assertThat(renders).hasValue(2);
    }

    @Test
    void aLoadIsNotRenderedPushByPushButOnceItStops() throws IOException {
        start();
        for (int i = 0; i < 200; i++) {
            changes.incrementAndGet();
            after(RenderAhead.QUIET.toMillis() / 2);
        }
        assertThat(renders).hasValue(0);
        after(RenderAhead.QUIET.toMillis());
        assertThat(renders).hasValue(1);
    }

    @Test
    void rendersAheadAtMostTwiceBetweenScrapes() throws IOException {
        start();
        changedThenQuiet(5);
        assertThat(renders).as("no one scraped: the budget is spent").hasValue(RenderAhead.PER_SCRAPE);

        scrape();
        assertThat(renders).hasValue(RenderAhead.PER_SCRAPE + 1);
        changedThenQuiet(5);
        assertThat(renders).as("a scrape gives the budget back").hasValue(2 * RenderAhead.PER_SCRAPE + 1);
        assertThat(registry.collect()).filteredOn(f -> f.name().equals("ferry_metrics_rendered_ahead_total"))
                .singleElement().satisfies(f -> assertThat(((io.ferry.model.ValueMetric) f.metrics().getFirst()).value())
                        .isEqualTo(2.0 * RenderAhead.PER_SCRAPE));
    }

    @Test
    void aStoreThatNeverChangedIsNotRenderedOneRestoredFromDiskIsOnce() throws IOException {
        start();
        after(10_000);
        assertThat(renders).as("count 0: nothing stored").hasValue(0);

        changes.set(1_000); // groups restored before the server started
        start();
        after(RenderAhead.QUIET.toMillis());
        after(RenderAhead.QUIET.toMillis());
        assertThat(renders).hasValue(1);
    }
}
