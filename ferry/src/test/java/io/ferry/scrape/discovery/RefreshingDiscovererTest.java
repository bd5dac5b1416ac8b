package io.ferry.scrape.discovery;

import io.ferry.model.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle every refreshing discoverer shares, with a scripted source. */
class RefreshingDiscovererTest {
    private final ScheduledExecutorService shared = Discoverers.newExecutor();
    private final Updates.CapturedLog captured = new Updates.CapturedLog();
    private final Updates updates = new Updates();

    @AfterEach
    void stop() {
        shared.shutdownNow();
    }

    /** Finds one group whose only target is its refresh number; throws on the refreshes asked to. */
    private final class Counting extends RefreshingDiscoverer {
        final AtomicInteger refreshes = new AtomicInteger();
        final AtomicInteger failOn;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        Counting(Duration interval, int failOn) {
            super("test_sd", interval, shared, captured.logger());
            this.failOn = new AtomicInteger(failOn);
        }

        @Override
        void starting() {
            started.incrementAndGet();
        }

        @Override
        void closing() {
            closed.incrementAndGet();
        }

        @Override
        void refresh() {
            int n = refreshes.incrementAndGet();
            if (n == failOn.get()) {
                throw new IllegalStateException("refresh " + n + " broke");
            }
            publish(List.of(new TargetGroup("g", List.of(Labels.of("__address__", "t:" + n)), Labels.EMPTY)));
        }
    }

    @Test
    void refreshesAtOnceThenPeriodically() throws Exception {
        Counting d = new Counting(Duration.ofMillis(20), -1);
        d.start(updates);
        assertThat(d.started.get()).isEqualTo(1);
        updates.await("refresh 3", s -> s.get("g") != null
                && s.get("g").targets().equals(List.of(Labels.of("__address__", "t:3"))));
        d.close();
        assertThat(d.closed.get()).isEqualTo(1);
    }

    @Test
    void refreshesThatFindTheSameGroupsSendNothingAfterTheFirstCall() throws Exception {
        TargetGroup same = new TargetGroup("g", List.of(Labels.of("__address__", "t:1")), Labels.EMPTY);
        AtomicInteger refreshes = new AtomicInteger();
        RefreshingDiscoverer d = new RefreshingDiscoverer("test_sd", Duration.ofMillis(10), shared, captured.logger()) {
            @Override
            void refresh() {
                refreshes.incrementAndGet();
                publish(List.of(same));
            }
        };
        d.start(updates);
        long deadline = System.nanoTime() + Updates.WAIT_MS * 1_000_000;
        while (refreshes.get() < 5) {
            assertThat(System.nanoTime()).as("five refreshes in time").isLessThan(deadline);
            Thread.sleep(10);
        }
        d.close();
        assertThat(updates.allCalls()).containsExactly(List.of(same));
    }

    @Test
    void aRefreshThatThrowsIsLoggedAndTheNextOneRuns() throws Exception {
        Counting d = new Counting(Duration.ofMillis(20), 2);
        d.start(updates);
        captured.await("test_sd refresh failed");
        assertThat(captured.text()).contains("refresh 2 broke");
        updates.await("refresh 3", s -> s.get("g").targets().equals(List.of(Labels.of("__address__", "t:3"))));
        d.close();
    }

    @Test
    void refreshSoonRunsBetweenPeriodsAndNothingIsSentAfterClose() throws Exception {
        Counting d = new Counting(Duration.ofHours(1), -1);
        d.start(updates);
        updates.awaitCalls(1);
        d.refreshSoon();
        updates.awaitCalls(2);
        d.close();
        int calls = updates.calls();
        d.refreshSoon();
        d.publish(List.of(new TargetGroup("late", List.of(Labels.of("__address__", "x:1")), Labels.EMPTY)));
        Thread.sleep(100);
        assertThat(updates.calls()).isEqualTo(calls);
        assertThat(d.refreshes.get()).as("no refresh after close").isEqualTo(2);
    }
}
