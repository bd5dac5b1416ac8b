package io.ferry.state;

import java.util.concurrent.CompletableFuture;

/**
 * The durable store of push groups.
 *
 * <pre>{@code
 * GroupStore store = DurableGroupStore.open(Path.of("data"), DurableGroupStore.Options.DEFAULT);
 * store.apply(new Mutation.Replace(key, families, now), GroupStore.Check.NONE).join(); // durable now
 * for (Group g : store.groups()) { ... }
 * }</pre>
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread.
 *
 * <p><b>Ordering.</b> Mutations are applied one at a time in the order {@link #apply} was called;
 * each is atomic: a reader sees a group wholly before or wholly after it.
 *
 * <p><b>Durability and visibility.</b> The future {@link #apply} returns completes normally only
 * once the mutation is in the write-ahead log and the log is forced to disk; after that, a crash
 * loses nothing of it. Mutations arriving together share one force (group commit). Readers
 * ({@link #group}, {@link #groups()}, {@link #seriesCount()}) see a mutation only once it is durable,
 * and before its future completes; a mutation whose write fails is never seen.
 *
 * <p><b>Cost.</b> Applying a mutation costs in proportion to its own size, not the store's; reading
 * {@link #groups()} copies nothing.
 */
public interface GroupStore extends GroupView, AutoCloseable {

    /**
     * Validates a mutation against the groups as they are just before it applies, on the store's
     * writer thread, so that no other mutation can slip in between the check and the change. The
     * groups it sees include the mutations written in the same batch before this one, which readers
     * see only once the batch is durable.
     */
    @FunctionalInterface
    interface Check {
        Check NONE = (groups, mutation) -> { };

        /** Throws {@link RejectedException} to refuse the mutation; the store stays unchanged. */
        void check(GroupView groups, Mutation mutation) throws RejectedException;
    }

    /**
     * A mutation refused by its {@link Check}; the message says why, for the client, and
     * {@link #family()} names the one family at fault when there is one, so that a writer of many
     * families (OTLP) can leave it out and keep the rest.
     */
    class RejectedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String family;

        public RejectedException(String message) {
            this(message, null);
        }

        public RejectedException(String message, String family) {
            super(message);
            this.family = family;
        }

        /** The name of the family of the mutation that caused the refusal; null when not one family's. */
        public String family() {
            return family;
        }
    }

    /**
     * A mutation larger than the store's log takes in one record (a replicated store's log has such a
     * bound); it was not applied, and sending it again cannot help.
     */
    class TooLargeException extends RejectedException {
        private static final long serialVersionUID = 1L;

        public TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * The store cannot take writes for now, through no fault of the mutation (a replicated store's
     * log is unreachable); the client may try again after {@link #retryAfter()}. Whether the mutation
     * was applied may be unknown: the message says so.
     */
    class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient java.time.Duration retryAfter;

        public UnavailableException(String message, java.time.Duration retryAfter, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        /** How long the client should wait before trying again. */
        public java.time.Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * Applies {@code mutation} after {@code check} passes. The future fails with
     * {@link RejectedException} when the check refuses ({@link TooLargeException} when the
     * mutation is too large for the log), or with {@link java.io.UncheckedIOException}
     * when the log cannot be written (the store then refuses writes until it recovers), or with
     * {@link UnavailableException} when a replicated store's log cannot be reached.
     */
    CompletableFuture<Void> apply(Mutation mutation, Check check);

    /**
     * Whether writes are accepted: false after {@link #close()}, and while the log cannot be written
     * (until the store recovers from the failure).
     */
    boolean healthy();

    /**
     * A count that grows whenever the groups change: two equal readings mean that no mutation became
     * visible in between. It may grow when a mutation left the groups as they were. Any thread.
     */
    long changes();

    /** Stops accepting mutations, finishes those already accepted, and closes the log. */
    @Override
    void close();
}
