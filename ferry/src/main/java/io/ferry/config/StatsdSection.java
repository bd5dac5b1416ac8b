package io.ferry.config;

import io.ferry.model.GoDuration;
import io.ferry.model.MetricNames;
import io.ferry.statsd.ProducerRules;
import io.ferry.statsd.StatsdOptions;
import io.ferry.statsd.line.TagStyles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code statsd:}, the StatsD listeners' settings (docs/statsd.md). */
final class StatsdSection {
    private StatsdSection() {
    }

    static StatsdOptions read(YamlMapping m, StatsdOptions d) throws ConfigException {
        m.allowOnly("listen_udp", "listen_tcp", "listen_unixgram", "unixsocket_mode", "mapping_config", "read_buffer",
                "cache_size", "parse_dogstatsd_tags", "parse_influxdb_tags", "parse_librato_tags",
                "parse_signalfx_tags", "udp_readers", "workers", "queue_max_bytes", "max_tcp_connections",
                "tcp_idle_timeout", "max_line_bytes", "max_series", "max_labels_per_series", "set_interval", "producers");
        StatsdOptions o = new StatsdOptions(
                orOff(m, "listen_udp", StatsdOptionsText::address, d.listenUdp()),
                orOff(m, "listen_tcp", StatsdOptionsText::address, d.listenTcp()),
                orOff(m, "listen_unixgram", StatsdOptionsText::path, d.listenUnixgram()),
                m.string("unixsocket_mode", StatsdOptionsText::fileMode).orElse(d.unixsocketMode()),
                d.mappingFile(), d.mapping(),
                m.string("read_buffer", StatsdOptionsText::size).orElse(d.readBuffer()),
                (int) range(m, "cache_size", d.cacheSize(), 0, Integer.MAX_VALUE),
                new TagStyles(
                        m.bool("parse_dogstatsd_tags").orElse(d.tagStyles().dogstatsd()),
                        m.bool("parse_influxdb_tags").orElse(d.tagStyles().influxdb()),
                        m.bool("parse_librato_tags").orElse(d.tagStyles().librato()),
                        m.bool("parse_signalfx_tags").orElse(d.tagStyles().signalfx())),
                (int) range(m, "udp_readers", d.udpReaders(), 0, 64),
                (int) range(m, "workers", d.workers(), 0, 256),
                m.string("queue_max_bytes", TunnelSection::positiveSize).orElse(d.queueMaxBytes()),
                (int) range(m, "max_tcp_connections", d.maxTcpConnections(), 1, 1_000_000),
                m.string("tcp_idle_timeout", TunnelSection::positiveDuration).orElse(d.tcpIdleTimeout()),
                m.string("max_line_bytes", StatsdOptionsText::lineBytes).orElse(d.maxLineBytes()),
                range(m, "max_series", d.maxSeries(), 1, Long.MAX_VALUE),
                (int) range(m, "max_labels_per_series", d.maxLabelsPerSeries(), 1, Integer.MAX_VALUE),
                m.string("set_interval", TunnelSection::positiveDuration).orElse(d.setInterval()),
                m.has("producers") // off without the key; an empty section is on, with the defaults
                        ? m.section("producers", d.producers().enabled() ? d.producers() : ProducerRules.DEFAULTS,
                                StatsdSection::producers)
                        : d.producers());
        if (m.has("mapping_config")) {
            Optional<String> file = m.string("mapping_config");
            o = file.isEmpty() || file.get().isEmpty() ? o.withMapping(null, io.ferry.statsd.mapping.MappingConfig.EMPTY)
                    : StatsdMappingFile.load(o, relative(m, file.get()), m.file(), m.lineOf("mapping_config"));
        }
        return o;
    }

    /** A listener's address: {@code dflt} when absent, null (off) when empty, else parsed. */
    private static <T> T orOff(YamlMapping m, String key, java.util.function.Function<String, T> parse, T dflt)
            throws ConfigException {
        Optional<String> text = m.string(key);
        if (text.isEmpty()) {
            return m.has(key) ? null : dflt;  // a YAML null turns the listener off, as ""
        }
        if (text.get().isEmpty()) {
            return null;
        }
        return m.string(key, parse).orElseThrow();
    }

    /** A path in the config file, relative to the file's directory. */
    private static Path relative(YamlMapping m, String path) {
        Path file = Path.of(m.file()).toAbsolutePath().getParent();
        return file == null ? Path.of(path) : file.resolve(path);
    }

    private static ProducerRules producers(YamlMapping p, ProducerRules d) throws ConfigException {
        p.allowOnly("label", "job", "every", "grace", "expect", "max_producers");
        String label = p.string("label").orElse(d.label());
        if (!MetricNames.isValidLabelName(label)) {
            throw p.error("label", "\"" + label + "\" is not a label name");
        }
        String job = p.string("job").orElse(d.job());
        if (job.isEmpty()) {
            throw p.error("job", "must not be empty");
        }
        Optional<Duration> every = d.every();
        String everyText = p.string("every").orElse(null);
        if (everyText != null) {
            every = everyText.equals("auto") ? Optional.empty() : p.string("every", GoDuration::parse);
            if (every.isPresent() && !every.get().isPositive()) {
                throw p.error("every", "must be positive or auto, got " + everyText);
            }
        }
        Duration grace = p.string("grace", GoDuration::parse).orElse(d.grace());
        if (grace.isNegative()) {
            throw p.error("grace", "must not be negative, got " + GoDuration.format(grace));
        }
        List<String> expect = p.has("expect") ? p.strings("expect") : d.expect();
        Set<String> seen = new HashSet<>();
        for (String e : expect) {
            if (e.isEmpty() || !seen.add(e)) {
                throw p.error("expect", e.isEmpty() ? "a producer must not be empty" : "\"" + e + "\" is listed twice");
            }
        }
        int max = (int) range(p, "max_producers", d.maxProducers(), 1, 10_000_000);
        return new ProducerRules(label, job, every, grace, expect, max);
    }

    private static long range(YamlMapping m, String key, long dflt, long min, long max) throws ConfigException {
        long v = m.integer(key).orElse(dflt);
        if (v < min || v > max) {
            throw m.error(key, "must be between " + min + " and " + max + ", not " + v);
        }
        return v;
    }
}
