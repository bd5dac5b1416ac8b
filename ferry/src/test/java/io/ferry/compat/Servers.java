package io.ferry.compat;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.PushConfig;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.server.FerryServer;

import java.io.IOException;
import java.nio.file.Path;

/** Ferry in-process for the compatibility tests; talk to it with {@code TestHttp.local(ferry.port())}. */
final class Servers {
    private Servers() {
    }

    /** Ferry on a free loopback port, storing under {@code storage}; close it when done. */
    static FerryServer ferry(Path storage, boolean consistencyCheck) throws IOException {
        return FerryServer.start(new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")),
                new StorageConfig(storage), FerryConfig.DEFAULTS.log(), PushConfig.DEFAULTS.withConsistencyCheck(consistencyCheck)));
    }

    static FerryServer ferry(Path storage) throws IOException {
        return ferry(storage, true);
    }
}
