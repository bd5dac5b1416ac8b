package io.ferry.server;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies being read at once, over all connections, bounded so that many slow or
 * unfinished uploads cannot fill the heap. A reader reserves what it will hold before holding it and
 * releases it, exactly once, when the request is done, however it ends.
 *
 * <pre>{@code
 * BodyBudget budget = new BodyBudget(64 << 20, registry);
 * if (budget.tryReserve(contentLength)) { ... budget.release(contentLength); } else { answer 503 }
 * }</pre>
 *
 * <p>Thread-safe: the event loops reserve and release concurrently.
 */
final class BodyBudget {
    /** What a refused client is told to wait, in seconds: stalled bodies are cut within --web.read-timeout. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final long maxBytes;
    private final AtomicLong reserved = new AtomicLong();
    private final Counter.Child refused;

    BodyBudget(long maxBytes, Registry registry) {
        this.maxBytes = maxBytes;
        this.refused = registry.counter("ferry_http_requests_rejected_total",
                "HTTP requests refused before their body was read, by reason (body_budget: "
                        + "--web.max-body-bytes-in-flight was reached, answered 503 with Retry-After, or the body "
                        + "is larger than it, answered 413).", "reason")
                .labels("body_budget");
        registry.register(() -> List.of(new MetricFamily("ferry_http_body_bytes_in_flight", MetricType.GAUGE,
                "Bytes of request bodies being read, reserved against --web.max-body-bytes-in-flight.", null,
                List.of(ValueMetric.of(Labels.EMPTY, reserved.get())))));
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Bytes reserved now. */
    long reserved() {
        return reserved.get();
    }

    /** Whether {@code bytes} could fit with nothing else reserved; false, and the refusal counted, if not. */
    boolean couldHold(long bytes) {
        if (bytes > maxBytes) {
            refused.inc();
            return false;
        }
        return true;
    }

    /** Reserves {@code bytes} if they fit; false, and the refusal counted, if they do not. */
    boolean tryReserve(long bytes) {
        long now;
        do {
            now = reserved.get();
            if (now + bytes > maxBytes) {
                refused.inc();
                return false;
            }
        } while (!reserved.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back {@code bytes} reserved earlier. */
    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }
}
