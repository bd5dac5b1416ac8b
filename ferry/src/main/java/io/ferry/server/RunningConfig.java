package io.ferry.server;

import io.ferry.config.FerryConfig;

import java.util.function.Supplier;

/**
 * The config in effect: what Ferry started with, as {@code /-/reload} last changed it. Components
 * that follow reloads read their part through it at each use (expiry and liveness rules, the status
 * page's flags). Thread-safe: read without waiting by any thread; written by {@link ConfigReloader}
 * only, one reload at a time, after the changes it applies have been made.
 */
final class RunningConfig implements Supplier<FerryConfig> {
    private volatile FerryConfig config;

    RunningConfig(FerryConfig atStart) {
        this.config = atStart;
    }

    @Override
    public FerryConfig get() {
        return config;
    }

    void set(FerryConfig config) {
        this.config = config;
    }
}
