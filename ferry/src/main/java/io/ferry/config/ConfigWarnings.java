package io.ferry.config;

import io.ferry.remotewrite.RemoteWrite;
import io.ferry.scrape.ScrapeJob;
import io.ferry.scrape.discovery.FileDiscoverer;
import io.ferry.scrape.discovery.FileSd;
import io.ferry.scrape.discovery.StaticTargets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a valid config holds that is likely not what was meant: {@code ferry check config} prints
 * these as warnings (exit status 0, as {@code promtool} does), and the server logs them; and, for
 * {@code ferry check config} alone, the files the server would fail to start on.
 *
 * <pre>{@code
 * for (String w : ConfigWarnings.of(config, configDir)) {
 *     err.println(file + ": warning: " + w);
 * }
 * }</pre>
 */
public final class ConfigWarnings {
    /** Hosts under which a job on this machine reaches Ferry's own listener. */
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "0.0.0.0", "[::]");

    private ConfigWarnings() {
    }

    /**
     * Fails as {@code serve} would at start when a remote_write's secret or TLS file cannot be used
     * (read, as starting it reads them); the message names the file checked and the remote_write.
     */
    public static void checkStartFiles(FerryConfig config, Path configDir, String file) throws ConfigException {
        try {
            RemoteWrite.checkFiles(config.prometheus().remoteWrite(), configDir);
        } catch (IOException e) {
            throw new ConfigException(file, 0, e.getMessage());
        }
    }

    /**
     * Every warning for {@code config}: file_sd patterns that match no file (promtool's text), jobs
     * that scrape Ferry's own metrics while remote_write already sends them, and tunnel_sd_configs
     * with the tunnel proxy off.
     *
     * @param configDir where relative file_sd patterns are resolved, as the server resolves them
     */
    public static List<String> of(FerryConfig config, Path configDir) {
        List<String> out = new ArrayList<>(unmatchedFileSd(config.prometheus(), configDir));
        out.addAll(selfScrapes(config.prometheus(), config.web().listenAddress().port(), config.web().metricsPath()));
        out.addAll(tunnelSdWithoutProxy(config.prometheus(), config.tunnel().enabled()));
        return out;
    }

    /** One warning per job with tunnel_sd_configs when the tunnel proxy is off: it would find no client. */
    public static List<String> tunnelSdWithoutProxy(PrometheusConfig config, boolean proxyOn) {
        List<String> out = new ArrayList<>();
        if (!proxyOn) {
            for (ScrapeJob job : config.scrapeConfigs()) {
                if (job.throughTunnel()) {
                    out.add("scrape job \"" + job.jobName() + "\" has tunnel_sd_configs, but the tunnel proxy is off "
                            + "(tunnel.enabled: false): it finds no client");
                }
            }
        }
        return out;
    }

    /**
     * One warning per file_sd pattern that matches no file now (its targets appear once one does),
     * naming the pattern resolved against {@code configDir}, as promtool does.
     */
    public static List<String> unmatchedFileSd(PrometheusConfig config, Path configDir) {
        List<String> out = new ArrayList<>();
        for (ScrapeJob job : config.scrapeConfigs()) {
            for (FileSd sd : job.fileSdConfigs()) {
                for (String pattern : sd.files()) {
                    if (!FileDiscoverer.matchesAnyFile(pattern, configDir)) {
                        out.add("file \"" + configDir.resolve(pattern) + "\" for file_sd in scrape job \"" + job.jobName()
                                + "\" does not exist");
                    }
                }
            }
        }
        return out;
    }

    /**
     * One warning per job with a static target on this machine at Ferry's own port and metrics
     * path, when remote_write is configured: Ferry's in-process self-scrape already forwards
     * everything {@code /metrics} serves, pushed groups included, so such a job sends it all twice.
     */
    public static List<String> selfScrapes(PrometheusConfig config, int port, String metricsPath) {
        List<String> out = new ArrayList<>();
        if (config.remoteWrite().isEmpty()) {
            return out;
        }
        for (ScrapeJob job : config.scrapeConfigs()) {
            if (!job.metricsPath().equals(metricsPath)) {
                continue;
            }
            for (StaticTargets st : job.staticConfigs()) {
                for (String target : st.targets()) {
                    if (isLocal(target, port)) {
                        out.add("scrape job \"" + job.jobName() + "\" scrapes Ferry's own " + metricsPath + " at "
                                + target + ": with remote_write, Ferry already forwards what it serves there, "
                                + "pushed groups included, so they are sent twice");
                    }
                }
            }
        }
        return out;
    }

    private static boolean isLocal(String target, int port) {
        int colon = target.lastIndexOf(':');
        return colon > 0 && target.substring(colon + 1).equals(Integer.toString(port))
                && LOCAL_HOSTS.contains(target.substring(0, colon).toLowerCase(java.util.Locale.ROOT));
    }
}
