package io.ferry.otlp.internal;

import io.ferry.model.Labels;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs the work given for one group key one after another, in the order given, each starting only
 * once the one before it has completed (its store write durable or failed): two exports of one
 * resource never interleave their read, add and write. Work for different keys runs concurrently.
 *
 * <pre>{@code
 * GroupQueue queue = new GroupQueue(executor);
 * CompletableFuture<Result> r = queue.submit(key, () -> readAddWrite(key));
 * }</pre>
 *
 * <p>Thread-safe. Holds an entry per key only while work for it is pending.
 */
public final class GroupQueue {
    private final ConcurrentHashMap<Labels, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final Executor executor;

    /** @param executor where each piece of work starts */
    public GroupQueue(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code work} on the executor after the work submitted before for {@code key}. */
    public <T> CompletableFuture<T> submit(Labels key, Supplier<CompletableFuture<T>> work) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T>[] mine = new CompletableFuture[1];
        tails.compute(key, (k, previous) -> {
            CompletableFuture<?> after = previous == null ? CompletableFuture.completedFuture(null) : previous;
            // Whatever the previous work's outcome, this one runs after it.
            mine[0] = after.handle((v, e) -> null).thenComposeAsync(v -> work.get(), executor);
            return mine[0];
        });
        mine[0].whenComplete((v, e) -> tails.remove(key, mine[0]));
        return mine[0];
    }

    /** Keys with work pending, for tests. */
    int pendingKeys() {
        return tails.size();
    }
}
