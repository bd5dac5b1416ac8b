package io.ferry.config;

/** Reads {@code web:}; its {@code config_file} goes to {@link AuthConfig} ({@link WebConfigFileKey}). */
final class WebSection {
    private WebSection() {
    }

    static WebConfig read(YamlMapping m, WebConfig defaults) throws ConfigException {
        m.allowOnly("listen_address", "route_prefix", "external_url", "telemetry_path", "enable_admin_api",
                "enable_lifecycle", "enable_openmetrics", "config_file");
        return new WebConfig(
                m.string("listen_address", ListenAddress::parse).orElse(defaults.listenAddress()),
                m.string("route_prefix", WebPaths::parseRoutePrefix).orElse(defaults.routePrefix()),
                m.string("external_url", WebPaths::parseExternalUrl).orElse(defaults.externalUrl()),
                m.string("telemetry_path", WebPaths::parseTelemetryPath).orElse(defaults.telemetryPath()),
                m.bool("enable_admin_api").orElse(defaults.enableAdminApi()),
                m.bool("enable_lifecycle").orElse(defaults.enableLifecycle()),
                defaults.limits(),
                m.bool("enable_openmetrics").orElse(defaults.enableOpenMetrics()));
    }
}
