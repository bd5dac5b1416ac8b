package io.ferry.cli;

import io.ferry.config.FerryConfig;
import io.ferry.otlp.OtlpOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpFlagsTest {

    private static FerryConfig serve(String... args) throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.config();
    }

    @Test
    void theListenersAreOnByDefaultAndTheFlagsMoveOrTurnThemOff() throws Exception {
        assertThat(serve().otlp()).isEqualTo(OtlpOptions.DEFAULTS);
        OtlpOptions o = serve("--otlp.http-listen-address=", "--otlp.grpc-listen-address=127.0.0.1:5317",
                "--otlp.max-request-bytes=4MiB").otlp();
        assertThat(o.httpListenAddress()).isEmpty();
        assertThat(o.grpcListenAddress()).isEqualTo("127.0.0.1:5317");
        assertThat(o.maxRequestBytes()).isEqualTo(4L << 20);
        assertThatThrownBy(() -> serve("--otlp.grpc-listen-address=4317"))
                .hasMessageContaining("--otlp.grpc-listen-address");
    }
}
