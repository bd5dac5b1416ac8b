package io.ferry.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class LazyTimeoutTest {
    /** A clock moved by hand and the checks it has made due, run in order of their time. */
    private long now;
    private final List<Check> checks = new ArrayList<>();
    private final List<String> expired = new ArrayList<>();
    private final LazyTimeout timeout = new LazyTimeout(this::schedule, () -> now, expired::add);

    private record Check(long at, Runnable task, CompletableFuture<Void> future) {
    }

    private Future<?> schedule(Runnable task, long delayNanos) {
        Check c = new Check(now + delayNanos, task, new CompletableFuture<>());
        checks.add(c);
        return c.future();
    }

    /** Moves the clock to {@code seconds} from the start, running each check due by then when its time comes. */
    private void advanceTo(long seconds) {
        long to = Duration.ofSeconds(seconds).toNanos();
        while (true) {
            Check next = checks.stream().filter(c -> !c.future().isCancelled() && c.at() <= to)
                    .min((x, y) -> Long.compare(x.at(), y.at())).orElse(null);
            if (next == null) {
                break;
            }
            checks.remove(next);
            now = next.at();
            next.task().run();
        }
        now = to;
    }

    private long pendingChecks() {
        return checks.stream().filter(c -> !c.future().isCancelled()).count();
    }

    @Test
    void expiresWithTheReasonArmedLast() {
        timeout.arm("read_timeout", Duration.ofSeconds(60));
        advanceTo(59);
        assertThat(expired).isEmpty();
        advanceTo(60);
        assertThat(expired).containsExactly("read_timeout");
        assertThat(timeout.armed()).isNull();
    }

    @Test
    void armingAgainAtEveryExchangeSchedulesNoMoreChecks() {
        // A keep-alive connection: each exchange reads a body, then waits for the next request.
        for (int second = 0; second < 50; second++) {
            advanceTo(second);
            timeout.disarm();
            timeout.arm("read_timeout", Duration.ofSeconds(60));
            timeout.disarm();
            timeout.arm("idle_timeout", Duration.ofSeconds(120));
        }
        assertThat(checks).hasSize(1);
        // The first check, at 60 s, finds the deadline moved and waits for it: the idle wait armed at 49 s.
        advanceTo(168);
        assertThat(expired).isEmpty();
        advanceTo(169);
        assertThat(expired).containsExactly("idle_timeout");
    }

    @Test
    void aDisarmedTimeoutNeverExpires() {
        timeout.arm("read_timeout", Duration.ofSeconds(60));
        timeout.disarm();
        advanceTo(600);
        assertThat(expired).isEmpty();
        assertThat(pendingChecks()).isZero();
    }

    @Test
    void anEarlierDeadlineGetsACheckOfItsOwnAndTheLaterOneIsCancelled() {
        timeout.arm("idle_timeout", Duration.ofSeconds(120));
        advanceTo(10);
        timeout.arm("read_timeout", Duration.ofSeconds(5));
        assertThat(pendingChecks()).isOne();
        advanceTo(15);
        assertThat(expired).containsExactly("read_timeout");
    }

    @Test
    void cancelLeavesNoCheckBehind() {
        timeout.arm("idle_timeout", Duration.ofSeconds(120));
        timeout.cancel();
        assertThat(pendingChecks()).isZero();
        advanceTo(600);
        assertThat(expired).isEmpty();
    }
}
