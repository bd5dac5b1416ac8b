package io.ferry.state;

import io.ferry.model.Labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link GroupStore} for tests that need a store and not its disk: the groups change exactly as
 * in {@link DurableGroupStore} (mutations are checked and applied by a {@link GroupReplica}, through
 * the same table), and nothing is written anywhere.
 *
 * <pre>{@code
 * GroupStore store = new InMemoryGroupStore();
 * PushService push = new PushService(store, Map.of(), PushService.Options.DEFAULT, clock);
 * }</pre>
 *
 * <p>It keeps the interface's contract for thread-safety and ordering: {@link #apply} checks and
 * applies one mutation at a time, in call order, atomically, on the calling thread; the future it
 * returns is complete when {@code apply} returns. Of durability it keeps only the failure side:
 * after {@link #close()} it refuses writes as the durable store does.
 */
public final class InMemoryGroupStore implements GroupStore {
    private final GroupReplica replica = new GroupReplica();
    private volatile boolean closed;

    @Override
    public synchronized CompletableFuture<Void> apply(Mutation mutation, Check check) {
        if (closed) {
            return CompletableFuture.failedFuture(new UncheckedIOException(new IOException("the store is closed")));
        }
        try {
            replica.apply(mutation, check);
        } catch (RejectedException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Group group(Labels key) {
        return replica.group(key);
    }

    @Override
    public Collection<Group> groups() {
        return replica.groups();
    }

    @Override
    public long seriesCount() {
        return replica.seriesCount();
    }

    @Override
    public long changes() {
        return replica.changes();
    }

    @Override
    public boolean healthy() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
