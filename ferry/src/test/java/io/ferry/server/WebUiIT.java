package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.server.ui.Page;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every page of the web UI and its assets through the real server: headers, links and policy. */
class WebUiIT {
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @TempDir
    Path storage;

    @Test
    void everyPageAnswersHtmlWithThePolicyAndLinksUnderTheExternalPath() throws Exception {
        FerryConfig config = new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0"), "/pg",
                "https://example.com/gw/", "/metrics", false, false), new StorageConfig(storage),
                FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
        try (FerryServer ferry = FerryServer.start(config)) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/pg/metrics/job/backup/instance/nas", "backup_files 3\n").statusCode())
                    .isEqualTo(200);
            for (Page page : Page.values()) {
                HttpResponse<String> r = http.get("/pg" + page.path());
                assertThat(r.statusCode()).as(page.path()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
                assertThat(r.headers().firstValue("Content-Security-Policy")).contains(CSP);
                String html = r.body();
                for (Page other : Page.values()) {
                    assertThat(html).as(page.path()).contains("href=\"/gw" + other.path() + "\"");
                }
                assertThat(html).contains("<link rel=\"stylesheet\" href=\"/gw/static/ferry.css\">",
                        "<script src=\"/gw/static/ferry.js\" defer=\"\"></script>", "<main id=\"live\">");
                assertThat(html).doesNotContain(" style=", "<style");
                Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
                while (scripts.find()) {
                    assertThat(scripts.group(1)).as(page.path()).contains(" src=\"/gw/static/");
                    assertThat(scripts.group(2)).as(page.path()).isEmpty();
                }
            }
            assertThat(http.get("/pg/groups").body()).contains("data-group=\"job=&#34;backup&#34;, instance=&#34;nas&#34;\"",
                    "data-delete=\"/gw/metrics/job/backup/instance/nas\"");
            assertThat(http.get("/pg/tunnel").body()).contains("<p>0 registered clients.</p>");
            // A route that is off says so in one line.
            assertThat(http.get("/pg/remote-write").body()).contains("<p class=\"off\">Remote write is off");
            assertThat(http.get("/pg/cluster").body()).contains("<p class=\"off\">This Ferry runs alone");

            for (String asset : new String[]{"ferry.css", "ferry.js"}) {
                HttpResponse<String> a = http.get("/pg/static/" + asset);
                assertThat(a.statusCode()).isEqualTo(200);
                assertThat(a.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                        assertThat(t).startsWith(asset.endsWith(".css") ? "text/css" : "text/javascript"));
                assertThat(a.headers().firstValue("Cache-Control")).contains("max-age=300");
                String etag = a.headers().firstValue("ETag").orElseThrow();
                assertThat(http.get("/pg/static/" + asset, "If-None-Match", etag).statusCode()).isEqualTo(304);
            }
            assertThat(http.status("GET", "/pg/static/other.js")).isEqualTo(404);
            assertThat(http.status("GET", "/pg")).isEqualTo(301);
        }
    }
}
