package io.ferry.scrape.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * One discovery mechanism of one scrape job ({@code static_configs}, {@code file_sd_configs},
 * {@code http_sd_configs}, {@code dns_sd_configs}, {@code tunnel_sd_configs}).
 *
 * <pre>{@code
 * Discoverer d = ...;
 * d.start(groups -> pool.update(groups));   // called at once or soon, then on every change
 * ...
 * d.close();
 * }</pre>
 *
 * <p><b>Contract.</b> After {@link #start}, the discoverer calls {@code updates} with the groups it
 * found, first once it has read its source (or failed to), then whenever a group changes. Each call
 * carries whole groups; a group not in a call is unchanged, and a group whose targets are now empty
 * is removed. When the source cannot be read, the discoverer logs it, counts it, and keeps the
 * targets it last had (Prometheus' behaviour), so a bad edit of a file never stops scraping.
 *
 * <p><b>Threads.</b> {@code updates} is called from one thread at a time, never concurrently, and
 * never after {@link #close} returns. {@code start} and {@code close} are each called once.
 */
public interface Discoverer extends AutoCloseable {

    void start(Consumer<List<TargetGroup>> updates);

    /**
     * Reads the source again soon, besides its own schedule, as a config reload asks (Prometheus
     * re-reads its discovery on every reload); returns at once. What the source never changes
     * ({@code static_configs}) does nothing.
     */
    default void refreshSoon() {
    }

    /** Stops watching and refreshing; releases threads and files. */
    @Override
    void close();
}
