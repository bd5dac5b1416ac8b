package io.ferry.cli;

import io.ferry.config.ByteSize;
import io.ferry.model.GoDuration;
import io.ferry.config.ListenAddress;
import io.ferry.config.WebPaths;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.log.Level;
import io.ferry.log.LogFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.function.Function;

/** Flag value parsers, reusing the config file's parsers so flags and file accept the same values. */
final class Converters {
    private Converters() {
    }

    private static <T> T convert(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class ListenAddressConverter implements ITypeConverter<ListenAddress> {
        @Override
        public ListenAddress convert(String value) {
            return Converters.convert(value, ListenAddress::parse);
        }
    }

    static final class RoutePrefixConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Converters.convert(value, WebPaths::parseRoutePrefix);
        }
    }

    static final class ExternalUrlConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Converters.convert(value, WebPaths::parseExternalUrl);
        }
    }

    static final class TelemetryPathConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Converters.convert(value, WebPaths::parseTelemetryPath);
        }
    }

    /** Go's duration syntax, as the Pushgateway's flags take it: {@code 5m}, {@code 1h30m}. */
    static final class GoDurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Converters.convert(value, GoDuration::parse);
        }
    }

    static final class ByteSizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Converters.convert(value, ByteSize::parse);
        }
    }

    static final class LevelConverter implements ITypeConverter<Level> {
        @Override
        public Level convert(String value) {
            return Converters.convert(value, Level::parse);
        }
    }

    static final class LogFormatConverter implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return Converters.convert(value, LogFormat::parse);
        }
    }

    /** {@code text}, {@code openmetrics} or {@code protobuf}, as {@code promtool} and Prometheus name them. */
    static final class ExpositionFormatConverter implements ITypeConverter<ExpositionFormat> {
        @Override
        public ExpositionFormat convert(String value) {
            return switch (value) {
                case "text" -> ExpositionFormat.PROMETHEUS_TEXT;
                case "openmetrics" -> ExpositionFormat.OPENMETRICS;
                case "protobuf" -> ExpositionFormat.PROTOBUF;
                default -> throw new TypeConversionException(
                        "unknown format \"" + value + "\" (allowed: text, openmetrics, protobuf)");
            };
        }
    }
}
