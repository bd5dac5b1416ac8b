package io.ferry.server;

import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigOverrides;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;

import java.nio.file.Path;

/** A Ferry from a ferry.yml text on a free loopback port, its state in {@code storage}, with no StatsD or OTLP listener. */
final class QuietServer {
    private QuietServer() {
    }

    static FerryServer start(String yaml, Path storage) throws Exception {
        FerryConfig c = ConfigLoader.parse(yaml, "ferry.yml");
        c = ConfigOverrides.NONE.withListenAddress(ListenAddress.parse("127.0.0.1:0")).applyTo(c)
                .withStorage(new StorageConfig(storage)).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF);
        return FerryServer.start(c);
    }
}
