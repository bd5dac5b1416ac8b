package io.ferry.cli;

import io.ferry.config.ListenAddress;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.log.Level;
import io.ferry.log.LogFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

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
