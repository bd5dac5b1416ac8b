package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The web UI's fleet, groups and status pages through the real server, links under the external path. */
class StatusPageIT {
    @TempDir
    Path storage;

    @Test
    void servesThePageUnderThePrefixWithLinksUnderTheExternalPath() throws Exception {
        FerryConfig config = new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0"), "/pg",
                "https://example.com/gw/", "/prom", false, false), new StorageConfig(storage),
                FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
        try (FerryServer ferry = FerryServer.start(config)) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/pg/metrics/job/%3Cscript%3E", "m{a=\"1\"} 1\nm{a=\"2\"} 2\n").statusCode())
                    .isEqualTo(200);
            for (String path : new String[]{"/pg/", "/pg/groups", "/pg/status"}) {
                HttpResponse<String> r = http.get(path);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
                assertThat(r.body()).startsWith("<!DOCTYPE html>")
                        .contains("<a href=\"/gw/groups\"", "<a href=\"/gw/status\"", "<a href=\"/gw/\"")
                        .doesNotContain("<script>");
            }
            // The push groups moved from / to /groups: every string escaped.
            assertThat(http.get("/pg/groups").body())
                    .contains("data-group=\"job=&#34;&lt;script&gt;&#34;\"")
                    .contains("<tr><th>Last failure</th><td>never</td></tr>")
                    .contains("<tr><th>Series</th><td>2</td></tr>");
            assertThat(http.get("/pg/status").body())
                    .contains("<a href=\"/gw/prom\">/prom</a>")
                    .contains("<tr><th>--web.route-prefix</th><td>/pg</td></tr>");
            HttpResponse<String> bare = http.get("/pg");
            assertThat(bare.statusCode()).isEqualTo(301);
            assertThat(bare.headers().firstValue("Location")).contains("/pg/");
            assertThat(http.status("GET", "/")).isEqualTo(404);
        }
    }
}
