package io.ferry.cli;

import io.ferry.config.ConfigException;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.otlp.OtlpOptions;
import picocli.CommandLine.Option;

/**
 * The {@code --otlp.*} flags on {@code ferry serve}: where OTLP's own listeners are, and the
 * largest request (docs/otlp.md). Each given flag wins over {@code otlp:} in the config file.
 *
 * <pre>{@code
 * @Mixin OtlpFlags otlp;
 * FerryConfig c = otlp.applyTo(fromFile);
 * }</pre>
 */
final class OtlpFlags {
    @Option(names = "--otlp.http-listen-address", paramLabel = "ADDRESS",
            description = "Where OTLP/HTTP (POST /v1/metrics) is received besides the main port "
                    + "(otlp.http_listen_address; default :4318); \"\" disables.")
    String httpListenAddress;

    @Option(names = "--otlp.grpc-listen-address", paramLabel = "ADDRESS",
            description = "Where OTLP/gRPC is received (otlp.grpc_listen_address; default :4317); \"\" disables.")
    String grpcListenAddress;

    @Option(names = "--otlp.max-request-bytes", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            description = "Largest OTLP request, after decompression (otlp.max_request_bytes; default 64MiB); "
                    + "413 / RESOURCE_EXHAUSTED beyond.")
    Long maxRequestBytes;

    /** {@code c} with the OTLP flags that were given. */
    FerryConfig applyTo(FerryConfig c) throws ConfigException {
        OtlpOptions o = c.otlp();
        o = o.withListeners(checked("--otlp.http-listen-address", httpListenAddress, o.httpListenAddress()),
                checked("--otlp.grpc-listen-address", grpcListenAddress, o.grpcListenAddress()));
        if (maxRequestBytes != null) {
            if (maxRequestBytes < 1) {
                throw new ConfigException("--otlp.max-request-bytes", 0, "must be positive");
            }
            o = o.withLimits(maxRequestBytes, o.maxBytesInFlight(), o.maxPointsInFlight());
        }
        return c.withOtlp(o);
    }

    private static String checked(String flag, String given, String dflt) throws ConfigException {
        if (given == null) {
            return dflt;
        }
        if (!given.isEmpty()) {
            try {
                ListenAddress.parse(given);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(flag, 0, e.getMessage());
            }
        }
        return given;
    }
}
