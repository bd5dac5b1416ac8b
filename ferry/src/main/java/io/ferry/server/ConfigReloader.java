package io.ferry.server;

import io.ferry.config.ConfigException;
import io.ferry.config.ConfigSource;
import io.ferry.config.FerryConfig;
import io.ferry.config.PrometheusConfig;
import io.ferry.config.PushLifecycleConfig;
import io.ferry.log.Level;
import io.ferry.log.Log;
import io.ferry.log.LogFormat;
import io.ferry.log.Logger;
import io.ferry.push.PushService;
import io.ferry.statsd.StatsdOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code /-/reload}: reads the config again and applies what can change while Ferry runs (the log
 * level and format, the push consistency check, expiry and liveness rules, expected groups, scrape
 * jobs, remote_write and {@code global}; every job's discovery reads its sources again; the StatsD
 * mapping file, read again each time, and producer rules); settings that only apply at start are reported
 * as needing a restart and left as they are, so the {@link RunningConfig} is always what is in effect.
 * An invalid file changes nothing. Thread-safe; reloads run one at a time, and reading the running
 * config never waits for one.
 */
final class ConfigReloader {

    /**
     * Applies changed {@code global}, {@code scrape_configs} and {@code remote_write} sections; fails,
     * having changed nothing, when a new or changed remote_write cannot start.
     */
    @FunctionalInterface
    interface PullApplier {
        void apply(PrometheusConfig config) throws IOException;
    }

    /** What a reload did: the settings it applied and those that need a restart, as config file keys. */
    record Result(List<String> applied, List<String> needRestart) {
    }

    private final RunningConfig running;
    private final ConfigSource source;
    private final PushService push;
    private final BiConsumer<Level, LogFormat> logging;
    private final PullApplier pull;
    private final Runnable rediscover;
    private final Consumer<StatsdOptions> statsd;
    private final Logger log;

    /**
     * @param running the config in effect, which each reload replaces; read without waiting for a
     *                reload's file I/O, so the event loop never blocks on it
     * @param logging sets the process's log level and format ({@link Log#configure} outside tests)
     * @param pull    applies changed {@code global}, {@code scrape_configs} and {@code remote_write} sections
     * @param rediscover has every scrape job read its discovery sources again; run on every reload
     */
    ConfigReloader(RunningConfig running, ConfigSource source, PushService push, BiConsumer<Level, LogFormat> logging,
                   PullApplier pull, Runnable rediscover) {
        this(running, source, push, logging, pull, rediscover, Log.logger());
    }

    /** As the other constructor, logging to {@code log}, without StatsD. */
    ConfigReloader(RunningConfig running, ConfigSource source, PushService push, BiConsumer<Level, LogFormat> logging,
                   PullApplier pull, Runnable rediscover, Logger log) {
        this(running, source, push, logging, pull, rediscover, s -> { }, log);
    }

    /**
     * As the first constructor, with {@code statsd} applying a reloaded StatsD mapping and producer
     * rules to the running StatsD service (it must not fail: the mapping was read and checked with
     * the config).
     */
    ConfigReloader(RunningConfig running, ConfigSource source, PushService push, BiConsumer<Level, LogFormat> logging,
                   PullApplier pull, Runnable rediscover, Consumer<StatsdOptions> statsd, Logger log) {
        this.statsd = statsd;
        this.log = log;
        this.running = running;
        this.source = source;
        this.push = push;
        this.logging = logging;
        this.pull = pull;
        this.rediscover = rediscover;
    }

    /**
     * Reads the config again and applies it; logs and throws, changing nothing, when it is invalid
     * (so a failed {@code /-/reload} or SIGHUP leaves its reason in the log). Blocks on file I/O.
     */
    synchronized Result reload() throws ConfigException {
        FerryConfig next;
        try {
            next = source.load();
        } catch (ConfigException e) {
            log.error("failed to reload config; the running config stays in effect", "err", e.getMessage());
            throw e;
        }
        List<String> applied = new ArrayList<>();
        List<String> needRestart = new ArrayList<>();
        FerryConfig now = running.get();
        // The pull path first: a remote_write that cannot start refuses the whole reload, before
        // anything else has changed.
        boolean pullChanged = !next.prometheus().equals(now.prometheus());
        if (pullChanged) {
            try {
                pull.apply(next.prometheus());
            } catch (IOException e) {
                ConfigException refused = new ConfigException(source.file().map(Object::toString).orElse("the config"), 0,
                        e.getMessage());
                log.error("failed to reload config; the running config stays in effect", "err", refused.getMessage());
                throw refused;
            }
        }

        if (!next.log().equals(now.log())) {
            logging.accept(next.log().level(), next.log().format());
            changed(applied, "log.level", now.log().level(), next.log().level());
            changed(applied, "log.format", now.log().format(), next.log().format());
            now = now.withLog(next.log());
        }
        if (next.push().consistencyCheck() != now.push().consistencyCheck()) {
            push.consistencyCheck(next.push().consistencyCheck());
            applied.add("push.consistency_check");
            now = now.withPush(now.push().withConsistencyCheck(next.push().consistencyCheck()));
        }
        // Expiry and liveness read the running config at each sweep and scrape, so their rules apply
        // at once; the liveness metric's name is known to the consistency check from the start.
        PushLifecycleConfig was = now.push().lifecycle();
        PushLifecycleConfig is = next.push().lifecycle().withLivenessMetric(was.livenessMetric());
        if (!is.equals(was)) {
            changed(applied, "push.expire", was.expire(), is.expire());
            changed(applied, "push.liveness", was.liveness(), is.liveness());
            changed(applied, "push.expect", was.expect(), is.expect());
            now = now.withPush(now.push().withLifecycle(is));
        }
        changed(needRestart, "push.liveness_metric", was.livenessMetric(), next.push().lifecycle().livenessMetric());
        changed(needRestart, "web.listen_address", now.web().listenAddress(), next.web().listenAddress());
        changed(needRestart, "web.route_prefix", now.web().prefix(), next.web().prefix());
        changed(needRestart, "web.external_url", now.web().externalUrl(), next.web().externalUrl());
        changed(needRestart, "web.telemetry_path", now.web().telemetryPath(), next.web().telemetryPath());
        changed(needRestart, "web.enable_admin_api", now.web().enableAdminApi(), next.web().enableAdminApi());
        changed(needRestart, "web.enable_lifecycle", now.web().enableLifecycle(), next.web().enableLifecycle());
        changed(needRestart, "web.enable_openmetrics", now.web().enableOpenMetrics(), next.web().enableOpenMetrics());
        changed(needRestart, "storage.path", now.storage().path(), next.storage().path());
        changed(needRestart, "storage.fsync", now.storage().fsync(), next.storage().fsync());
        changed(needRestart, "push.limits", now.push().limits(), next.push().limits());
        // Tokens and the web config file are read at start only (docs/security.md).
        changed(needRestart, "auth", now.auth().withWebConfigFile(null), next.auth().withWebConfigFile(null));
        changed(needRestart, "web.config_file", now.auth().webConfigFile(), next.auth().webConfigFile());
        changed(needRestart, "tunnel", now.tunnel(), next.tunnel());
        changed(needRestart, "tunnel_client", now.tunnelClient(), next.tunnelClient());
        // OTLP's listeners, limits, conversion and liveness rules are read at start (docs/otlp.md).
        changed(needRestart, "otlp", now.otlp(), next.otlp());
        // Scrape jobs and receivers that did not change keep running untouched (docs/scrape.md).
        if (pullChanged) {
            changed(applied, "global", now.prometheus().global(), next.prometheus().global());
            changed(applied, "scrape_configs", now.prometheus().scrapeConfigs(), next.prometheus().scrapeConfigs());
            changed(applied, "remote_write", now.prometheus().remoteWrite(), next.prometheus().remoteWrite());
            now = now.withPrometheus(next.prometheus());
        }
        now = reloadStatsd(now, next.statsd(), applied, needRestart);
        running.set(now);
        // Changed or not, discovery reads its sources again, so a reload finds a new file_sd file.
        rediscover.run();

        log.info("config reloaded", "file", source.file().map(Object::toString).orElse("none"),
                "applied", String.join(",", applied));
        if (!needRestart.isEmpty()) {
            log.warn("changed settings need a restart to apply", "settings", String.join(",", needRestart));
        }
        return new Result(List.copyOf(applied), List.copyOf(needRestart));
    }

    /**
     * StatsD: the mapping file is applied on every reload, since it may have changed under the same
     * name, and the producer rules at once; listeners and limits need a restart.
     */
    private FerryConfig reloadStatsd(FerryConfig now, StatsdOptions next, List<String> applied,
                                     List<String> needRestart) {
        StatsdOptions was = now.statsd();
        changed(needRestart, "statsd", was.startOnly(), next.startOnly());
        boolean mapping = was.mappingFile() != null || next.mappingFile() != null;
        if (!mapping && was.producers().equals(next.producers())) {
            return now;
        }
        statsd.accept(next);
        if (mapping) {
            applied.add("statsd.mapping_config");
        }
        changed(applied, "statsd.producers", was.producers(), next.producers());
        return now.withStatsd(was.withMapping(next.mappingFile(), next.mapping()).withProducers(next.producers()));
    }

    private static void changed(List<String> into, String key, Object was, Object is) {
        if (!Objects.equals(was, is)) {
            into.add(key);
        }
    }
}
