package io.ferry.config;

import io.ferry.model.GoDuration;
import io.ferry.otlp.OtlpOptions;
import io.ferry.otlp.convert.ConversionOptions;
import io.ferry.otlp.convert.DeltaPolicy;
import io.ferry.otlp.convert.TranslationStrategy;

import java.time.Duration;
import java.util.Optional;

/** Reads {@code otlp:}, OTLP ingest's settings (docs/otlp.md). */
final class OtlpSection {
    private OtlpSection() {
    }

    static OtlpOptions read(YamlMapping m, OtlpOptions d) throws ConfigException {
        m.allowOnly("http_listen_address", "grpc_listen_address", "max_request_bytes", "max_bytes_in_flight",
                "max_points_in_flight", "retry_after", "max_delta_streams", "translation_strategy",
                "promote_resource_attributes", "keep_identifying_resource_attributes", "promote_scope_metadata",
                "target_info", "delta_temporality", "liveness");
        ConversionOptions c = d.conversion();
        ConversionOptions conversion;
        try {
            conversion = new ConversionOptions(
                    m.string("translation_strategy", OtlpSection::strategy).orElse(c.strategy()),
                    m.bool("promote_scope_metadata").orElse(c.scopeLabels()),
                    m.has("promote_resource_attributes") ? m.strings("promote_resource_attributes")
                            : c.promoteResourceAttributes(),
                    m.bool("keep_identifying_resource_attributes").orElse(c.keepIdentifyingResourceAttributes()),
                    m.bool("target_info").orElse(c.targetInfo()),
                    m.string("delta_temporality", OtlpSection::deltaPolicy).orElse(c.deltas()));
        } catch (IllegalArgumentException e) {
            // The strategies that keep UTF-8 names, which Ferry's model cannot carry.
            throw m.error("translation_strategy", e.getMessage());
        }
        return new OtlpOptions(
                listenAddress(m, "http_listen_address", d.httpListenAddress()),
                listenAddress(m, "grpc_listen_address", d.grpcListenAddress()),
                m.string("max_request_bytes", TunnelSection::positiveSize).orElse(d.maxRequestBytes()),
                m.string("max_bytes_in_flight", TunnelSection::positiveSize).orElse(d.maxBytesInFlight()),
                positive(m, "max_points_in_flight", d.maxPointsInFlight()),
                m.string("retry_after", TunnelSection::positiveDuration).orElse(d.retryAfter()),
                (int) Math.min(Integer.MAX_VALUE, positive(m, "max_delta_streams", d.maxDeltaStreams())),
                conversion,
                m.section("liveness", d.liveness(), OtlpSection::liveness));
    }

    /** A listener's address, checked: {@code dflt} when absent, {@code ""} (off) when empty or null. */
    static String listenAddress(YamlMapping m, String key, String dflt) throws ConfigException {
        if (!m.has(key)) {
            return dflt;
        }
        String text = m.string(key).orElse("");
        if (!text.isEmpty()) {
            m.string(key, ListenAddress::parse);
        }
        return text;
    }

    /** A translation strategy by Prometheus' name ({@code UnderscoreEscapingWithSuffixes}, ...). */
    static TranslationStrategy strategy(String s) {
        return switch (s) {
            case "UnderscoreEscapingWithSuffixes" -> TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES;
            case "UnderscoreEscapingWithoutSuffixes" -> TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES;
            case "NoUTF8EscapingWithSuffixes" -> TranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES;
            case "NoTranslation" -> TranslationStrategy.NO_TRANSLATION;
            default -> throw new IllegalArgumentException("unknown translation strategy \"" + s
                    + "\" (allowed: UnderscoreEscapingWithSuffixes, UnderscoreEscapingWithoutSuffixes, "
                    + "NoUTF8EscapingWithSuffixes, NoTranslation)");
        };
    }

    /** What becomes of delta points: {@code accumulate} (into cumulative series) or {@code reject}. */
    static DeltaPolicy deltaPolicy(String s) {
        return switch (s) {
            case "accumulate" -> DeltaPolicy.ACCUMULATE;
            case "reject" -> DeltaPolicy.REJECT;
            default -> throw new IllegalArgumentException("must be accumulate or reject, not \"" + s + "\"");
        };
    }

    private static OtlpOptions.Liveness liveness(YamlMapping l, OtlpOptions.Liveness d) throws ConfigException {
        l.allowOnly("enabled", "every", "grace", "max_producers");
        Optional<Duration> every = d.every();
        String everyText = l.string("every").orElse(null);
        if (everyText != null) {
            every = everyText.equals("auto") ? Optional.empty() : l.string("every", TunnelSection::positiveDuration);
        }
        Duration grace = l.string("grace", GoDuration::parse).orElse(d.grace());
        if (grace.isNegative()) {
            throw l.error("grace", "must not be negative, got " + GoDuration.format(grace));
        }
        return new OtlpOptions.Liveness(l.bool("enabled").orElse(d.enabled()), every, grace,
                (int) Math.min(Integer.MAX_VALUE, positive(l, "max_producers", d.maxProducers())));
    }

    private static long positive(YamlMapping m, String key, long dflt) throws ConfigException {
        long v = m.integer(key).orElse(dflt);
        if (v < 1) {
            throw m.error(key, "must be at least 1, not " + v);
        }
        return v;
    }
}
