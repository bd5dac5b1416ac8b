package io.ferry.config;

import io.ferry.log.Level;
import io.ferry.log.LogFormat;

import java.nio.file.Path;

/**
 * Settings given as flags; each one that is not null replaces the config file's value, because
 * flags win over the file and the file wins over the embedded defaults.
 */
public record ConfigOverrides(ListenAddress listenAddress, Path storagePath, Level logLevel, LogFormat logFormat,
                              Boolean consistencyCheck) {

    public FerryConfig applyTo(FerryConfig c) {
        return new FerryConfig(
                new WebConfig(pick(listenAddress, c.web().listenAddress())),
                new StorageConfig(pick(storagePath, c.storage().path()), c.storage().fsync()),
                new LogConfig(pick(logLevel, c.log().level()), pick(logFormat, c.log().format())),
                new PushConfig(pick(consistencyCheck, c.push().consistencyCheck())));
    }

    private static <T> T pick(T flag, T config) {
        return flag != null ? flag : config;
    }
}
