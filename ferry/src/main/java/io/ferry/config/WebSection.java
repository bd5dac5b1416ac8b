package io.ferry.config;

/** Reads {@code web:}. */
final class WebSection {
    private WebSection() {
    }

    static WebConfig read(YamlMapping m, WebConfig defaults) throws ConfigException {
        m.allowOnly("listen_address");
        return new WebConfig(m.string("listen_address", ListenAddress::parse).orElse(defaults.listenAddress()));
    }
}
