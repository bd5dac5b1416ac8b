package io.ferry.config;

import java.time.Duration;

/**
 * The Pushgateway's {@code --persistence.*} flags, kept so that a Pushgateway command line starts
 * Ferry unchanged and the status API reports them. Ferry's store is always durable under
 * {@code storage.path}, so neither flag changes how state is kept: {@code file}, when no storage
 * path is set, only chooses the storage directory ({@code <file>.ferry}), and {@code interval} is
 * ignored. There are no config file keys for them.
 *
 * @param file     {@code --persistence.file}, {@code ""} when not given
 * @param interval {@code --persistence.interval}, 5 minutes when not given
 */
public record PersistenceConfig(String file, Duration interval) {
    public static final PersistenceConfig DEFAULT = new PersistenceConfig("", Duration.ofMinutes(5));
}
