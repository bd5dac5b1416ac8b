package io.ferry.config;

import io.ferry.log.Level;
import io.ferry.log.LogFormat;

import java.nio.file.Path;

/**
 * Everything Ferry is configured with, one record per section of the config file. Built from
 * {@link #DEFAULTS}, then the file ({@link ConfigLoader}), then the flags ({@link ConfigOverrides}).
 *
 * <pre>{@code
 * FerryConfig c = ConfigOverrides.NONE.withListenAddress(ListenAddress.parse("127.0.0.1:0"))
 *         .applyTo(ConfigLoader.load(Path.of("ferry.yml")));
 * }</pre>
 *
 * @param persistence the Pushgateway's persistence flags, accepted for compatibility (flags only)
 */
public record FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push,
                          PersistenceConfig persistence) {

    /** The embedded defaults: the Pushgateway's port, state under {@code ./data}, info logs in logfmt. */
    public static final FerryConfig DEFAULTS = new FerryConfig(
            new WebConfig(new ListenAddress("", 9091)),
            new StorageConfig(Path.of("data")),
            new LogConfig(Level.INFO, LogFormat.LOGFMT),
            PushConfig.DEFAULTS,
            PersistenceConfig.DEFAULT);

    /** A config with the persistence flags at their defaults. */
    public FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push) {
        this(web, storage, log, push, PersistenceConfig.DEFAULT);
    }

    public FerryConfig withWeb(WebConfig w) {
        return new FerryConfig(w, storage, log, push, persistence);
    }

    public FerryConfig withStorage(StorageConfig s) {
        return new FerryConfig(web, s, log, push, persistence);
    }

    public FerryConfig withLog(LogConfig l) {
        return new FerryConfig(web, storage, l, push, persistence);
    }

    public FerryConfig withPush(PushConfig p) {
        return new FerryConfig(web, storage, log, p, persistence);
    }
}
