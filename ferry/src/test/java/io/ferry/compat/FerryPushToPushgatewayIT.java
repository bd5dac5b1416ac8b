package io.ferry.compat;

import io.ferry.cli.Cli;
import io.ferry.testing.Pushgateway;
import io.ferry.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ferry push} as a client of the real Pushgateway: grouping keys with base64, PUT, POST and DELETE. */
class FerryPushToPushgatewayIT {
    @TempDir
    Path work;

    @Test
    void pushesPostsAndDeletesWithBase64Keys() throws Exception {
        try (ServerProcess pgw = Pushgateway.start()) {
            String gw = pgw.baseUrl();
            Path ab = Files.writeString(work.resolve("ab.prom"), "# TYPE a gauge\na 1\nb 1\n");
            Path a2 = Files.writeString(work.resolve("a2.prom"), "# TYPE a gauge\na 2\n");
            String[] key = {"push", "--gateway", gw, "--job", "etl/nightly", "--label", "path=/var/tmp", "--label", "empty=",
                    "--label", "addr=10.0.0.1:9100"};
            assertThat(Cli.run(concat(key, "--method", "PUT", ab.toString()))).isZero();
            assertThat(Cli.run(concat(key, "--method", "POST", a2.toString()))).isZero();
            String metrics = pgw.http().get("/metrics").body();
            String labels = "addr=\"10.0.0.1:9100\",empty=\"\",instance=\"\",job=\"etl/nightly\",path=\"/var/tmp\"";
            assertThat(metrics).contains("a{" + labels + "} 2\n", "b{" + labels + "} 1\n");
            assertThat(Cli.run(concat(key, "--method", "DELETE"))).isZero();
            assertThat(pgw.http().get("/metrics").body()).doesNotContain("etl/nightly");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
