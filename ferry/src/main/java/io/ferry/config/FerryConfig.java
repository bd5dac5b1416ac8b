package io.ferry.config;

import io.ferry.log.Level;
import io.ferry.log.LogFormat;

import java.nio.file.Path;

/**
 * Everything Ferry is configured with, one record per section of the config file. Built from
 * {@link #DEFAULTS}, then the file ({@link ConfigLoader}), then the flags ({@link ConfigOverrides}).
 *
 * <pre>{@code
 * FerryConfig c = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), null, null, null, null)
 *         .applyTo(ConfigLoader.load(Path.of("ferry.yml")));
 * }</pre>
 */
public record FerryConfig(WebConfig web, StorageConfig storage, LogConfig log, PushConfig push) {

    /** The embedded defaults: the Pushgateway's port, state under {@code ./data}, info logs in logfmt. */
    public static final FerryConfig DEFAULTS = new FerryConfig(
            new WebConfig(new ListenAddress("", 9091)),
            new StorageConfig(Path.of("data")),
            new LogConfig(Level.INFO, LogFormat.LOGFMT),
            new PushConfig(true));
}
