package io.ferry.server;

import io.ferry.model.MetricFamily;
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
    private RenderAhead ahead;

    /** After a first scrape of plain text, so that each render ahead renders that alone and collects once. */
    private void start() throws IOException {
        scrape();
        renders.set(0);
        ahead = new RenderAhead(changes::get, body, now::get);
    }

    /** Moves the clock by {@code millis} and ticks. */
    private void after(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
        ahead.tick();
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
        changes.incrementAndGet();
        after(0);
        after(RenderAhead.QUIET.toMillis());
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
        for (int i = 0; i < 5; i++) {
            changes.incrementAndGet();
            after(0);
            after(RenderAhead.QUIET.toMillis());
        }
        assertThat(renders).as("no one scraped: the budget is spent").hasValue(RenderAhead.PER_SCRAPE);

        scrape();
        assertThat(renders).hasValue(RenderAhead.PER_SCRAPE + 1);
        for (int i = 0; i < 5; i++) {
            changes.incrementAndGet();
            after(0);
            after(RenderAhead.QUIET.toMillis());
        }
        assertThat(renders).as("a scrape gives the budget back").hasValue(2 * RenderAhead.PER_SCRAPE + 1);
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
