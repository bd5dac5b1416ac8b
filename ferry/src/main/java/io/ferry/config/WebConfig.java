package io.ferry.config;

/**
 * The {@code web:} section: how Ferry's HTTP server listens and where its routes live, with the
 * Pushgateway's flag names and defaults.
 *
 * @param listenAddress   where the HTTP server listens ({@code listen_address}, flag {@code --web.listen-address})
 * @param routePrefix     prefix of every route, as given; {@code ""} means the path of {@code externalUrl}
 *                        ({@code route_prefix}, flag {@code --web.route-prefix}); see {@link #prefix()}
 * @param externalUrl     the URL Ferry is reached under, {@code ""} for none ({@code external_url}, flag
 *                        {@code --web.external-url}); its path is the default route prefix and prefixes
 *                        the status page's links
 * @param telemetryPath   where {@code GET} serves the metrics, under the prefix; pushes stay on
 *                        {@code <prefix>/metrics/job/...} ({@code telemetry_path}, flag {@code --web.telemetry-path})
 * @param enableAdminApi  serve {@code PUT <prefix>/api/v1/admin/wipe} ({@code enable_admin_api}, flag
 *                        {@code --web.enable-admin-api})
 * @param enableLifecycle serve {@code /-/quit} and {@code /-/reload} ({@code enable_lifecycle}, flag
 *                        {@code --web.enable-lifecycle})
 * @param limits          the connection cap, timeouts and body budget (flags only: {@code --web.max-connections},
 *                        {@code --web.read-header-timeout}, {@code --web.read-timeout}, {@code --web.idle-timeout},
 *                        {@code --web.max-body-bytes-in-flight})
 * @param enableOpenMetrics offer OpenMetrics on the telemetry path when a scraper asks for it
 *                        ({@code enable_openmetrics}, flag {@code --web.enable-openmetrics}); off by
 *                        default, as in the Pushgateway, so that Prometheus 2 stores the {@code le} and
 *                        {@code quantile} values it stored from the Pushgateway (docs/RATIONALE.md)
 */
public record WebConfig(ListenAddress listenAddress, String routePrefix, String externalUrl, String telemetryPath,
                        boolean enableAdminApi, boolean enableLifecycle, WebLimits limits, boolean enableOpenMetrics) {

    /** These settings without OpenMetrics. */
    public WebConfig(ListenAddress listenAddress, String routePrefix, String externalUrl, String telemetryPath,
                     boolean enableAdminApi, boolean enableLifecycle, WebLimits limits) {
        this(listenAddress, routePrefix, externalUrl, telemetryPath, enableAdminApi, enableLifecycle, limits, false);
    }

    /** These settings with the limits at their defaults. */
    public WebConfig(ListenAddress listenAddress, String routePrefix, String externalUrl, String telemetryPath,
                     boolean enableAdminApi, boolean enableLifecycle) {
        this(listenAddress, routePrefix, externalUrl, telemetryPath, enableAdminApi, enableLifecycle, WebLimits.DEFAULTS);
    }

    /** Listening on {@code listenAddress} with every other setting at its default. */
    public WebConfig(ListenAddress listenAddress) {
        this(listenAddress, "", "", "/metrics", false, false);
    }

    public WebConfig withLimits(WebLimits l) {
        return new WebConfig(listenAddress, routePrefix, externalUrl, telemetryPath, enableAdminApi, enableLifecycle, l,
                enableOpenMetrics);
    }

    public WebConfig withOpenMetrics(boolean enable) {
        return new WebConfig(listenAddress, routePrefix, externalUrl, telemetryPath, enableAdminApi, enableLifecycle,
                limits, enable);
    }

    /** The prefix every route is under: {@code ""} or a path such as {@code /pushgateway}. */
    public String prefix() {
        return WebPaths.routePrefix(routePrefix, externalUrl);
    }

    /** The path prefix links on the status page carry: the external URL's, normalised like {@link #prefix()}. */
    public String externalPrefix() {
        return WebPaths.routePrefix("", externalUrl);
    }

    /** Where {@code GET} serves the metrics: the prefix joined with the telemetry path. */
    public String metricsPath() {
        return WebPaths.join(prefix(), telemetryPath);
    }
}
