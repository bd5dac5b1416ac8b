package io.ferry.config;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

import io.ferry.cluster.ClusterOptions;
import io.ferry.log.ErrorText;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.ferry.yaml.YamlSyntaxException;
import io.ferry.yaml.YamlText;

import java.io.IOException;

import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the YAML config file ({@code --config.file}) onto {@link FerryConfig}.
 *
 * <pre>{@code
 * FerryConfig c = ConfigLoader.load(Path.of("ferry.yml"));
 * }</pre>
 *
 * <p>The file is composed into YAML nodes, which keep their line numbers, and mapped onto records
 * by hand, one {@link SectionReader} per section. An unknown key, a wrong type or a bad value is a
 * {@link ConfigException} naming the file, line and key. Absent keys, absent sections and an empty
 * file leave the {@link FerryConfig#DEFAULTS} in place.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static FerryConfig load(Path file) throws ConfigException {
        return load(file, FerryConfig.DEFAULTS);
    }

    /** Reads {@code file} over {@code defaults}: what the file does not set keeps its value there. */
    public static FerryConfig load(Path file, FerryConfig defaults) throws ConfigException {
        return parse(read(file), file.toString(), defaults);
    }

    /** The text of a config file, as UTF-8; a {@link ConfigException} naming the file when it cannot be read. */
    static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), 0, "not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "cannot read: " + ErrorText.reason(e));
        }
    }

    /** Parses {@code yaml}; {@code fileName} is only used in error messages. */
    public static FerryConfig parse(String yaml, String fileName) throws ConfigException {
        return parse(yaml, fileName, FerryConfig.DEFAULTS);
    }

    /** Parses {@code yaml} over {@code defaults}; {@code fileName} is only used in error messages. */
    public static FerryConfig parse(String yaml, String fileName, FerryConfig defaults) throws ConfigException {
        Optional<Node> root = compose(yaml, fileName);
        if (root.isEmpty() || Tag.NULL.equals(root.get().getTag())) {
            return defaults;
        }
        return read(YamlMapping.root(fileName, root.get()), defaults);
    }

    /**
     * The top level: every section and its reader, in one place. A new section ({@code push:},
     * {@code scrape_configs:}, {@code remote_write:}) is one key here and one small reader.
     */
    private static FerryConfig read(YamlMapping root, FerryConfig d) throws ConfigException {
        // Each section is read on its own, so one run reports the problems of every section.
        Problems problems = new Problems();
        // global, scrape_configs, remote_write: prometheus.yml's own sections, read as Prometheus reads them.
        PrometheusConfig prometheus = PrometheusSections.read(root, d.prometheus(), problems);
        problems.read(null, () -> {
            PrometheusSections.refuseUnsupported(root);
            root.allowOnly("web", "storage", "log", "push", "auth", "global", "scrape_configs", "remote_write", "tunnel",
                    "tunnel_client", "statsd", "otlp", "cluster");
            return null;
        });
        AuthConfig auth = problems.read(d.auth(), () -> root.section("auth", d.auth(), AuthSection::read));
        WebConfig web = problems.read(d.web(), () -> root.section("web", d.web(), WebSection::read));
        StorageConfig storage = problems.read(d.storage(), () -> root.section("storage", d.storage(), StorageSection::read));
        LogConfig log = problems.read(d.log(), () -> root.section("log", d.log(), LogSection::read));
        PushConfig push = problems.read(d.push(), () -> root.section("push", d.push(), PushSection::read));
        AuthConfig withWebConfigFile = problems.read(auth, () -> root.section("web", auth, WebConfigFileKey::read));
        ProxyOptions tunnel = problems.read(d.tunnel(), () -> root.section("tunnel", d.tunnel(), TunnelSection::read));
        TunnelClientOptions tunnelClient = problems.read(d.tunnelClient(),
                () -> root.section("tunnel_client", d.tunnelClient(), TunnelClientSection::read));
        StatsdOptions statsd = problems.read(d.statsd(), () -> root.section("statsd", d.statsd(), StatsdSection::read));
        OtlpOptions otlp = problems.read(d.otlp(), () -> root.section("otlp", d.otlp(), OtlpSection::read));
        ClusterOptions cluster = problems.read(d.cluster(), () -> root.section("cluster", d.cluster(), ClusterSection::read));
        problems.throwIfAny();
        return new FerryConfig(web, storage, log, push, d.persistence(), withWebConfigFile, prometheus, tunnel,
                tunnelClient, statsd, otlp, cluster);
    }

    static Optional<Node> compose(String yaml, String fileName) throws ConfigException {
        try {
            return YamlText.compose(yaml);
        } catch (YamlSyntaxException e) {
            throw new ConfigException(fileName, e.line(), e.getMessage());
        }
    }
}
